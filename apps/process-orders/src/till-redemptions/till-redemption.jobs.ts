import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ExpireTillRedemption } from './expire-till-redemption.usecase';
import { RecoverInterruptedAuthorization } from './recover-interrupted-authorization.usecase';
import { ReleaseTillRedemptionPoints } from './release-till-redemption-points.usecase';
import { TILL_REDEMPTIONS, type TillRedemptions } from './till-redemption.workflow';

/** Binds each job of the till redemption workflow to its use case; the engine runs the queues with the configured retry policy. */
@Injectable()
export class TillRedemptionJobs implements OnModuleInit {
  constructor(
    @Inject(TILL_REDEMPTIONS) private readonly redemptions: TillRedemptions,
    private readonly expire: ExpireTillRedemption,
    private readonly releasePoints: ReleaseTillRedemptionPoints,
    private readonly recoverAuthorization: RecoverInterruptedAuthorization,
  ) {}

  onModuleInit(): void {
    this.redemptions.handle({
      expire: (ctx, redemptionId) => this.expire.execute(ctx, { redemptionId }),
      releasePoints: (ctx, redemptionId) => this.releasePoints.execute(ctx, { redemptionId }),
      recoverAuthorization: (ctx, redemptionId) => this.recoverAuthorization.execute(ctx, { redemptionId }),
    });
  }
}
