import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@omnigate/persistence';
import { LoyaltyApi } from '@omnigate/system-clients';
import type { RequestContext } from '@omnigate/workflow';
import { STORE_RETURNS, type StoreReturns } from './store-return.workflow';

/** The loyalty platform's references of a return's points refund and of its accrual reversal. */
export const pointsRefundReference = (returnId: string): string => `points-refund-${returnId}`;
export const accrualReversalReference = (returnId: string): string => `accrual-reversal-${returnId}`;

/**
 * Refunded: the member gets back, as points, the points share of the refund, and loses the points
 * the purchase earned, in proportion to what came back. Both go to the loyalty platform under
 * references derived from the return; it answers a repeat with the first booking, so a retried job
 * moves no point twice.
 */
@Injectable()
export class SettleReturnPoints {
  constructor(
    private readonly db: Database,
    @Inject(STORE_RETURNS) private readonly returns: StoreReturns,
    private readonly loyalty: LoyaltyApi,
  ) {}

  async execute(_ctx: RequestContext, { returnId }: { returnId: string }): Promise<void> {
    const { facts } = await this.returns.get(returnId);
    const memberId = facts.memberId;
    if (!memberId) return;
    const refunded =
      (facts.pointsRefunded ?? 0) > 0 && !facts.pointsRefundTransactionId
        ? await this.loyalty.accrue(memberId, pointsRefundReference(returnId), facts.pointsRefunded!)
        : undefined;
    const reversed =
      (facts.pointsReversed ?? 0) > 0 && facts.accrualReference && !facts.accrualReversalTransactionId
        ? await this.loyalty.reverseAccrual(facts.accrualReference, {
            reference: accrualReversalReference(returnId),
            points: facts.pointsReversed!,
          })
        : undefined;
    await this.db.transaction(async (tx) => {
      const locked = await this.returns.lock(tx, returnId);
      if (refunded && !locked.facts.pointsRefundTransactionId) {
        await this.returns.learn(
          tx,
          returnId,
          { pointsRefundTransactionId: refunded.transactionId },
          {
            step: 'points-refunded',
            outcome: 'done',
            detail: { transactionId: refunded.transactionId, points: facts.pointsRefunded },
          },
        );
      }
      if (reversed && !locked.facts.accrualReversalTransactionId) {
        await this.returns.learn(
          tx,
          returnId,
          { accrualReversalTransactionId: reversed.transactionId },
          {
            step: 'accrual-reversed',
            outcome: 'done',
            detail: {
              transactionId: reversed.transactionId,
              accrualReference: facts.accrualReference,
              points: facts.pointsReversed,
            },
          },
        );
      }
    });
  }
}
