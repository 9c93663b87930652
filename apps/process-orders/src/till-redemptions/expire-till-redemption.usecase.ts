import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@omnigate/persistence';
import type { RequestContext } from '@omnigate/workflow';
import { TillRedemptionExpiry } from './till-redemption-expiry';
import { TILL_REDEMPTIONS, type TillRedemptions } from './till-redemption.workflow';

/** The hold's timeout: a hold still AUTHORIZED expires; one captured or voided since is left alone. */
@Injectable()
export class ExpireTillRedemption {
  constructor(
    private readonly db: Database,
    @Inject(TILL_REDEMPTIONS) private readonly redemptions: TillRedemptions,
    private readonly expiry: TillRedemptionExpiry,
  ) {}

  async execute(ctx: RequestContext, { redemptionId }: { redemptionId: string }): Promise<void> {
    await this.db.transaction(async (tx) => {
      const redemption = await this.redemptions.store.lock(tx, redemptionId);
      if (redemption && this.redemptions.mayMove(redemption, 'expire'))
        await this.expiry.expire(tx, ctx, redemption);
    });
  }
}
