import { Inject, Injectable } from '@nestjs/common';
import { rootLogger } from '@omnigate/observability';
import { Database } from '@omnigate/persistence';
import { Clock, IllegalTransition, MoveNotAllowed, type RequestContext } from '@omnigate/workflow';
import { CaptureTillRedemption } from '../till-redemptions/capture-till-redemption.usecase';
import { TILL_REDEMPTIONS, type TillRedemptions } from '../till-redemptions/till-redemption.workflow';
import { TillRedemptionNotFound } from '../till-redemptions/till-redemptions.errors';
import { STORE_SALES, type StoreSales } from './store-sale.workflow';

/** What became of the redemption a sale names: the step written on the sale's timeline. */
interface RedemptionOutcome {
  outcome: 'done' | 'failed';
  detail: Record<string, unknown>;
}

/**
 * A sale that names a till redemption captures it, once: the till redemption's own capture (the
 * state machine lets a hold be captured once, its points liability posted once). A retried job
 * whose capture committed before a crash finds the redemption captured for this sale and records
 * it as done. A redemption voided, expired, of another store, unknown or captured for another sale
 * is not retried: the sale's timeline records the refusal for operators.
 */
@Injectable()
export class CaptureSaleRedemption {
  constructor(
    private readonly db: Database,
    @Inject(STORE_SALES) private readonly sales: StoreSales,
    @Inject(TILL_REDEMPTIONS) private readonly redemptions: TillRedemptions,
    private readonly captureTillRedemption: CaptureTillRedemption,
    private readonly clock: Clock,
  ) {}

  async execute(ctx: RequestContext, { saleId }: { saleId: string }): Promise<void> {
    const sale = await this.sales.get(saleId);
    const redemptionId = sale.facts.sale?.redemptionId;
    if (!redemptionId || sale.facts.redemptionSettledAt !== undefined) return;
    const { outcome, detail } = await this.capture(ctx, redemptionId, sale.keys.storeId, sale.keys.saleKey);
    if (outcome === 'failed')
      rootLogger().warn(
        { saleId, redemptionId, reason: detail.reason },
        'the redemption a sale names was not captured',
      );
    await this.db.transaction(async (tx) => {
      const locked = await this.sales.lock(tx, saleId);
      if (locked.facts.redemptionSettledAt !== undefined) return;
      await this.sales.learn(
        tx,
        saleId,
        { redemptionSettledAt: this.clock.now().toISOString() },
        { step: outcome === 'done' ? 'redemption-captured' : 'redemption-not-captured', outcome, detail },
      );
    });
  }

  private async capture(
    ctx: RequestContext,
    redemptionId: string,
    storeId: string,
    saleKey: string,
  ): Promise<RedemptionOutcome> {
    try {
      await this.captureTillRedemption.execute(ctx, { redemptionId, storeId, saleKey });
      return { outcome: 'done', detail: { redemptionId } };
    } catch (error) {
      if (error instanceof IllegalTransition && error.extensions.currentState === 'CAPTURED') {
        const captured = await this.redemptions.get(redemptionId);
        if (captured.facts.capturedForSale === saleKey)
          return { outcome: 'done', detail: { redemptionId, alreadyCaptured: true } };
        return {
          outcome: 'failed',
          detail: { redemptionId, reason: 'captured-otherwise', currentState: 'CAPTURED' },
        };
      }
      if (error instanceof IllegalTransition)
        return {
          outcome: 'failed',
          detail: { redemptionId, reason: error.type, currentState: error.extensions.currentState },
        };
      if (error instanceof MoveNotAllowed || error instanceof TillRedemptionNotFound)
        return { outcome: 'failed', detail: { redemptionId, reason: error.type } };
      // A transport failure or a database fault: the job is retried.
      throw error;
    }
  }
}
