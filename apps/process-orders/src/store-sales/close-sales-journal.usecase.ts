import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@omnigate/persistence';
import type { RequestContext } from '@omnigate/workflow';
import { SALES_JOURNALS, type SalesJournals } from './sales-journal.workflow';
import { STORE_SALES, type StoreSales } from './store-sale.workflow';
import { StoreSalesRepository } from './store-sales.repository';

/**
 * Closes a journal at its time: under the journals' lock, so no sale joins it after the sum is
 * taken, it sums its sales per sku and posts that as one SALE document, in one transaction with
 * the move. A sale arriving later opens a follow-up journal. A repeated job finds it closed.
 */
@Injectable()
export class CloseSalesJournal {
  constructor(
    private readonly db: Database,
    @Inject(SALES_JOURNALS) private readonly journals: SalesJournals,
    @Inject(STORE_SALES) private readonly sales: StoreSales,
    private readonly repository: StoreSalesRepository,
  ) {}

  async execute(ctx: RequestContext, { journalId }: { journalId: string }): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { storeId, businessDate, currency } = (await this.journals.get(journalId, tx)).keys;
      await this.repository.lockJournals(tx, storeId, businessDate, currency);
      const journal = await this.journals.lock(tx, journalId);
      if (!this.journals.mayMove(journal, 'close')) return;
      const sums = await this.repository.journalSums(tx, journalId);
      await this.journals.move(tx, ctx, journal, 'close', {
        facts: sums,
        detail: {
          saleCount: sums.saleCount,
          totalMinor: sums.totalMinor,
          skus: sums.lines.length,
          postingId: journalId,
        },
      });
      // Each sale's timeline says which posting carries it; the ERP document id lands on the journal.
      for (const saleId of await this.repository.journalSaleIds(tx, journalId))
        await this.sales.record(tx, saleId, 'journal-closed', 'done', { journalId, postingId: journalId });
    });
  }
}
