import { Injectable } from '@nestjs/common';
import type { PointsRedemptionResultDto } from '@omnigate/contracts';
import { LoyaltyApi, SystemRefusal } from '@omnigate/system-clients';
import { reissue } from '@omnigate/workflow';

/**
 * A hold on a member's points, the one way pickup orders and the till take and give them back.
 * The loyalty platform has no native hold: a hold is a redemption under our reference, released by
 * cancelling the redemption. Taking under the same reference answers the first redemption, and
 * system-loyalty answers a cancel of a cancelled redemption as done (nothing given back twice), so
 * a retried job may repeat either call.
 */
@Injectable()
export class PointsHolds {
  constructor(private readonly loyalty: LoyaltyApi) {}

  /** Takes `points` from the member under `reference`; refused (insufficient-points, ...) as the platform refuses. */
  hold(memberId: string, reference: string, points: number): Promise<PointsRedemptionResultDto> {
    return this.loyalty.redeem(memberId, reference, points);
  }

  /**
   * What an interrupted hold took under `reference`: the same take again answers the first one.
   * A business refusal means nothing is held under it (undefined); a transport failure is thrown.
   */
  find(memberId: string, reference: string, points: number): Promise<PointsRedemptionResultDto | undefined> {
    return reissue(
      () => this.hold(memberId, reference, points),
      (error) => error instanceof SystemRefusal,
    );
  }

  /** Gives the points of hold `redemptionId` back; a hold already released answers as done. */
  async release(redemptionId: string): Promise<{ alreadyReleased: boolean }> {
    const cancellation = await this.loyalty.cancelRedemption(redemptionId);
    return { alreadyReleased: cancellation.alreadyCancelled };
  }
}
