import { Inject, Injectable } from '@nestjs/common';
import type { TillRedemptionView } from '@omnigate/contracts';
import { Database } from '@omnigate/persistence';
import { actingAtStore, IllegalTransition, type MoveOptions, type RequestContext } from '@omnigate/workflow';
import type { TillRedemption } from './till-redemption';
import { TillRedemptionExpiry } from './till-redemption-expiry';
import { TillRedemptionViews } from './till-redemption.view';
import { TILL_REDEMPTIONS, type TillRedemptions } from './till-redemption.workflow';

/**
 * What capture and void share: the store's move on a locked redemption, after ending a hold whose
 * time is up (then the move is refused as from EXPIRED). A redemption of another store is refused
 * by the move's guard before anything changes.
 */
@Injectable()
export class SettleTillRedemption {
  constructor(
    private readonly db: Database,
    @Inject(TILL_REDEMPTIONS) private readonly redemptions: TillRedemptions,
    private readonly expiry: TillRedemptionExpiry,
    private readonly views: TillRedemptionViews,
  ) {}

  async execute(
    ctx: RequestContext,
    { redemptionId, storeId }: { redemptionId: string; storeId: string },
    move: 'capture' | 'void',
    options: MoveOptions<TillRedemption> = {},
  ): Promise<TillRedemptionView> {
    const acting = actingAtStore(ctx, storeId);
    const outcome = await this.db.transaction(async (tx) => {
      const redemption = await this.redemptions.lock(tx, redemptionId);
      if (redemption.keys.storeId === acting.caller.storeId && this.expiry.isDue(redemption)) {
        await this.expiry.expire(tx, ctx, redemption);
        return undefined;
      }
      return this.redemptions.move(tx, acting, redemption, move, options);
    });
    if (!outcome)
      throw new IllegalTransition(
        this.redemptions.name,
        'EXPIRED',
        this.redemptions.definition.moves[move].to,
      );
    return this.views.of(outcome);
  }
}
