import { Inject, Injectable } from '@nestjs/common';
import { rootLogger } from '@omnigate/observability';
import { Database } from '@omnigate/persistence';
import type { RequestContext } from '@omnigate/workflow';
import { PointsHolds } from '../points-holds/points-holds';
import { holdReferenceOf } from './till-redemption';
import { TILL_REDEMPTIONS, type TillRedemptions } from './till-redemption.workflow';

/**
 * Finishes an authorization that never reached AUTHORIZED (the process died, or the platform timed
 * out): whatever the platform holds under the redemption's reference is found again and given
 * back, and the redemption is VOIDED.
 */
@Injectable()
export class RecoverInterruptedAuthorization {
  constructor(
    private readonly db: Database,
    @Inject(TILL_REDEMPTIONS) private readonly redemptions: TillRedemptions,
    private readonly pointsHolds: PointsHolds,
  ) {}

  async execute(ctx: RequestContext, { redemptionId }: { redemptionId: string }): Promise<void> {
    const redemption = await this.redemptions.store.find(redemptionId);
    if (!redemption || !this.redemptions.mayMove(redemption, 'abandon')) return;
    rootLogger().warn({ redemptionId }, 'compensating an interrupted points hold');

    const held = await this.pointsHolds.find(
      redemption.keys.memberId,
      holdReferenceOf(redemptionId),
      redemption.facts.points!,
    );
    if (held) await this.pointsHolds.release(held.redemptionId);

    await this.db.transaction(async (tx) => {
      const authorizing = await this.redemptions.lock(tx, redemptionId);
      await this.redemptions.move(tx, ctx, authorizing, 'abandon', {
        detail: { loyaltyRedemptionId: held?.redemptionId },
      });
    });
  }
}
