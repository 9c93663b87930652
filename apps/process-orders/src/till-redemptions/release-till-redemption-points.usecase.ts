import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@omnigate/persistence';
import { Clock, type RequestContext } from '@omnigate/workflow';
import { PointsHolds } from '../points-holds/points-holds';
import { TILL_REDEMPTIONS, type TillRedemptions } from './till-redemption.workflow';

/**
 * Voided or expired: gives the held points back, once. The platform answers a repeated release as
 * done without giving anything back, and the step is written once, so a job retried after a crash
 * completes without doing anything twice.
 */
@Injectable()
export class ReleaseTillRedemptionPoints {
  constructor(
    private readonly db: Database,
    @Inject(TILL_REDEMPTIONS) private readonly redemptions: TillRedemptions,
    private readonly pointsHolds: PointsHolds,
    private readonly clock: Clock,
  ) {}

  async execute(_ctx: RequestContext, { redemptionId }: { redemptionId: string }): Promise<void> {
    const redemption = await this.redemptions.get(redemptionId);
    const { loyaltyRedemptionId, pointsReleasedAt, points } = redemption.facts;
    if (pointsReleasedAt !== undefined || loyaltyRedemptionId === undefined) return;
    const { alreadyReleased } = await this.pointsHolds.release(loyaltyRedemptionId);
    await this.db.transaction(async (tx) => {
      const locked = await this.redemptions.lock(tx, redemptionId);
      if (locked.facts.pointsReleasedAt !== undefined) return;
      await this.redemptions.learn(tx, redemptionId, { pointsReleasedAt: this.clock.now().toISOString() });
      await this.redemptions.record(tx, redemptionId, 'points-released', 'compensated', {
        loyaltyRedemptionId,
        points,
        alreadyReleased,
      });
    });
  }
}
