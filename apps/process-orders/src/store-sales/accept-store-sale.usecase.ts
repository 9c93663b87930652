import { Inject, Injectable } from '@nestjs/common';
import type { StoreSaleResultDto } from '@omnigate/contracts';
import { Database, type SqlExecutor } from '@omnigate/persistence';
import { Clock, type RequestContext } from '@omnigate/workflow';
import { randomBytes } from 'node:crypto';
import { ProcessOrdersConfig } from '../process-orders.config';
import { SalesJournalBook } from './sales-journal-book';
import type { StoreSale } from './store-sale';
import type { CheckedSale } from './store-sale-checks';
import { ACCEPTED_SALE_JOBS, STORE_SALES, type StoreSales } from './store-sale.workflow';
import { StoreSalesRepository } from './store-sales.repository';

const isUniqueViolation = (error: unknown) => (error as { code?: string } | undefined)?.code === '23505';

/**
 * Accepts one checked sale, once per sale key, in its own transaction: the sale, its timeline, its
 * follow-up jobs and its ERP posting (its own SALE document, or its place in the daily journal)
 * commit together or not at all. A sale already accepted under the key answers `duplicate` when
 * identical, and is refused and kept for operators when not. The key's unique index decides a race.
 */
@Injectable()
export class AcceptStoreSale {
  constructor(
    private readonly db: Database,
    @Inject(STORE_SALES) private readonly sales: StoreSales,
    private readonly repository: StoreSalesRepository,
    private readonly journals: SalesJournalBook,
    private readonly clock: Clock,
    @Inject(ProcessOrdersConfig) private readonly config: ProcessOrdersConfig,
  ) {}

  async execute(ctx: RequestContext, checked: CheckedSale): Promise<StoreSaleResultDto> {
    const acceptedId = await this.repository.saleIdByKey(checked.saleKey);
    if (acceptedId) return this.answerRepeat(acceptedId, checked);
    try {
      return await this.db.transaction((tx) => this.accept(tx, ctx, checked));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.repository.saleIdByKey(checked.saleKey);
      if (!winner) throw error;
      return this.answerRepeat(winner, checked);
    }
  }

  private async accept(
    tx: SqlExecutor,
    ctx: RequestContext,
    checked: CheckedSale,
  ): Promise<StoreSaleResultDto> {
    // The batch's Idempotency-Key answers the batch; no single sale is bound to it.
    const saleCtx: RequestContext = { ...ctx, idempotencyClaim: undefined };
    const { sale } = checked;
    const saleId = `sale_${randomBytes(15).toString('base64url')}`;
    const instance: StoreSale = {
      id: saleId,
      state: 'ACCEPTED',
      keys: {
        storeId: sale.storeId,
        registerId: sale.registerId,
        sequence: String(sale.sequence),
        saleKey: checked.saleKey,
        businessDate: sale.businessDate,
        ...(sale.memberId !== undefined && { memberId: sale.memberId }),
      },
      facts: { sale, saleHash: checked.saleHash, netLines: checked.netLines, totalMinor: checked.totalMinor },
      createdAt: this.clock.now().toISOString(),
      version: 1,
    };
    await this.sales.create(tx, saleCtx, instance, {
      detail: { saleKey: checked.saleKey, totalMinor: checked.totalMinor, currency: sale.currency },
    });
    for (const { job, when } of ACCEPTED_SALE_JOBS)
      if (when(sale)) await this.sales.schedule(tx, saleCtx, job, saleId);
    if (this.config.SALES_POSTING_MODE === 'daily-journal') {
      const journalId = await this.journals.journalFor(tx, saleCtx, sale);
      await this.sales.move(tx, saleCtx, instance, 'addToJournal', {
        facts: { journalId },
        detail: { journalId },
      });
    } else {
      await this.sales.move(tx, saleCtx, instance, 'postSale', { detail: { postingId: `sale_${saleId}` } });
    }
    return { saleKey: checked.saleKey, outcome: 'accepted', saleId };
  }

  private async answerRepeat(acceptedId: string, checked: CheckedSale): Promise<StoreSaleResultDto> {
    const accepted = await this.sales.get(acceptedId);
    if (accepted.facts.saleHash === checked.saleHash)
      return { saleKey: checked.saleKey, outcome: 'duplicate', saleId: acceptedId };
    await this.repository.recordConflict(checked.saleKey, checked.saleHash, acceptedId, checked.sale);
    return {
      saleKey: checked.saleKey,
      outcome: 'refused',
      problem: {
        type: 'sale-key-conflict',
        title: 'Another sale was already accepted under this key',
        detail: `${checked.saleKey} is taken by a sale with different content; this submission is kept for operators`,
      },
    };
  }
}
