import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@omnigate/persistence';
import { LoyaltyApi, SystemRefusal } from '@omnigate/system-clients';
import type { RequestContext } from '@omnigate/workflow';
import { ProcessOrdersConfig } from '../process-orders.config';
import { STORE_SALES, type StoreSales } from './store-sale.workflow';

/** The loyalty platform's reference of the points a sale earned; a return reverses them under it. */
export const saleAccrualReference = (saleId: string) => `accrual-${saleId}`;

/** Loyalty's answers that no retry changes: the member does not exist, or may not earn. */
const ACCRUAL_REFUSALS = ['unknown-member', 'member-suspended'];

/**
 * A member's sale earns points on what was paid in money (points tendered earn none). The accrual
 * is keyed by the sale id, so the loyalty platform books a retried job's repeat once; the step is
 * written once, with the platform's transaction id. A member the platform refuses is noted as a
 * failed step for operators (the sale stands); any other failure is retried.
 */
@Injectable()
export class AccrueSalePoints {
  constructor(
    private readonly db: Database,
    @Inject(STORE_SALES) private readonly sales: StoreSales,
    private readonly loyalty: LoyaltyApi,
    @Inject(ProcessOrdersConfig) private readonly config: ProcessOrdersConfig,
  ) {}

  async execute(_ctx: RequestContext, { saleId }: { saleId: string }): Promise<void> {
    const sale = await this.sales.get(saleId);
    const { memberId } = sale.keys;
    if (!memberId || sale.facts.accruedPoints !== undefined) return;
    const paidInMoney = sale.facts
      .sale!.tenders.filter((t) => t.type !== 'POINTS')
      .reduce((sum, t) => sum + t.amountMinor, 0);
    const points = Math.floor(paidInMoney / 100) * this.config.POINTS_PER_CURRENCY_UNIT;
    let transactionId: string | undefined;
    try {
      if (points > 0)
        transactionId = (await this.loyalty.accrue(memberId, saleAccrualReference(saleId), points))
          .transactionId;
    } catch (error) {
      if (!(error instanceof SystemRefusal && ACCRUAL_REFUSALS.includes(error.type))) throw error;
      await this.db.transaction(async (tx) => {
        const locked = await this.sales.lock(tx, saleId);
        if (locked.facts.accruedPoints !== undefined) return;
        await this.sales.learn(
          tx,
          saleId,
          { accruedPoints: 0 },
          { step: 'points-accrued', outcome: 'failed', detail: { points, refusal: error.type } },
        );
      });
      return;
    }
    await this.db.transaction(async (tx) => {
      const locked = await this.sales.lock(tx, saleId);
      if (locked.facts.accruedPoints !== undefined) return;
      await this.sales.learn(
        tx,
        saleId,
        { accruedPoints: points, loyaltyTransactionId: transactionId },
        {
          step: 'points-accrued',
          outcome: 'done',
          detail: { points, ...(transactionId && { loyaltyTransactionId: transactionId }) },
        },
      );
    });
  }
}
