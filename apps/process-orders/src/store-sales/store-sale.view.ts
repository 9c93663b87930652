import { Inject, Injectable } from '@nestjs/common';
import type { SalesJournalView, StoreSaleView } from '@omnigate/contracts';
import { PostingLedger, type PostingRecord } from '@omnigate/erp-postings';
import { SALES_JOURNALS, type SalesJournals } from './sales-journal.workflow';
import type { StoreSale } from './store-sale';
import { STORE_SALES, type StoreSales } from './store-sale.workflow';
import { StoreSalesRepository } from './store-sales.repository';

const postingView = (p: PostingRecord) => ({
  postingId: p.postingId,
  kind: p.kind,
  status: p.status,
  erpDocumentId: p.erpDocumentId,
});

/** What operators and the tills see of a sale and of the daily journals. */
@Injectable()
export class StoreSaleViews {
  constructor(
    @Inject(STORE_SALES) private readonly sales: StoreSales,
    @Inject(SALES_JOURNALS) private readonly journals: SalesJournals,
    private readonly ledger: PostingLedger,
    private readonly repository: StoreSalesRepository,
  ) {}

  async of(sale: StoreSale): Promise<StoreSaleView> {
    // A sale in a daily journal is posted by its journal: its postings are the journal's.
    // Postings first: one is marked posted in the transaction that adds its timeline event, so a
    // posted posting's event is always in the timeline read after it.
    const postings = await (sale.facts.journalId !== undefined
      ? this.ledger.listBySource(this.journals.name, sale.facts.journalId)
      : this.ledger.listBySource(this.sales.name, sale.id));
    const timeline = await this.sales.timeline(sale.id);
    return {
      saleId: sale.id,
      saleKey: sale.keys.saleKey,
      state: sale.state,
      sale: sale.facts.sale!,
      netLines: sale.facts.netLines ?? [],
      totalMinor: sale.facts.totalMinor ?? 0,
      ...(sale.facts.journalId !== undefined && { journalId: sale.facts.journalId }),
      ...(sale.facts.accruedPoints !== undefined && { accruedPoints: sale.facts.accruedPoints }),
      timeline,
      postings: postings.map(postingView),
    };
  }

  async journalsOf(storeId: string, businessDate: string | undefined): Promise<SalesJournalView[]> {
    const ids = await this.repository.journalIds(storeId, businessDate);
    return Promise.all(
      ids.map(async (id) => {
        const journal = await this.journals.get(id);
        const postings = await this.ledger.listBySource(this.journals.name, id);
        return {
          journalId: id,
          state: journal.state,
          storeId: journal.keys.storeId,
          businessDate: journal.keys.businessDate,
          currency: journal.keys.currency,
          part: Number(journal.keys.part),
          closesAt: journal.facts.closesAt!,
          ...(journal.facts.saleCount !== undefined && {
            saleCount: journal.facts.saleCount,
            totalMinor: journal.facts.totalMinor,
          }),
          postings: postings.map(postingView),
        };
      }),
    );
  }
}
