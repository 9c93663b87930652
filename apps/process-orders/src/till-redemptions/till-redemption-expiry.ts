import { Inject, Injectable } from '@nestjs/common';
import type { SqlExecutor } from '@omnigate/persistence';
import { Clock, jobContext, type RequestContext } from '@omnigate/workflow';
import type { TillRedemption } from './till-redemption';
import { TILL_REDEMPTIONS, type TillRedemptions } from './till-redemption.workflow';

/**
 * Ends a hold whose time is up. The expiry job does it when the hold's timeout comes due; a capture
 * or void arriving first (the job is late: the app was down when it came due) does it too, so a
 * hold is never captured after its expiry.
 */
@Injectable()
export class TillRedemptionExpiry {
  constructor(
    @Inject(TILL_REDEMPTIONS) private readonly redemptions: TillRedemptions,
    private readonly clock: Clock,
  ) {}

  isDue(redemption: TillRedemption): boolean {
    const expiresAt = redemption.facts.expiresAt;
    return (
      redemption.state === 'AUTHORIZED' &&
      expiresAt !== undefined &&
      Date.parse(expiresAt) <= this.clock.now().getTime()
    );
  }

  /** Moves a locked AUTHORIZED hold to EXPIRED (its points are released by the job the move starts). */
  expire(tx: SqlExecutor, ctx: RequestContext, redemption: TillRedemption): Promise<TillRedemption> {
    // Expiry is the app's own move, whoever noticed it: the move is made as the job would make it.
    return this.redemptions.move(
      tx,
      jobContext(ctx.correlationId, this.redemptions.name),
      redemption,
      'expire',
      {
        detail: { expiresAt: redemption.facts.expiresAt },
      },
    );
  }
}
