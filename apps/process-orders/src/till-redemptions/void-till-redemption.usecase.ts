import { Injectable } from '@nestjs/common';
import type { TillRedemptionView } from '@omnigate/contracts';
import type { RequestContext } from '@omnigate/workflow';
import { SettleTillRedemption } from './settle-till-redemption';

/** AUTHORIZED -> VOIDED by the redemption's store (the checkout was cancelled): the release job gives the points back. */
@Injectable()
export class VoidTillRedemption {
  constructor(private readonly settle: SettleTillRedemption) {}

  execute(
    ctx: RequestContext,
    command: { redemptionId: string; storeId: string },
  ): Promise<TillRedemptionView> {
    return this.settle.execute(ctx, command, 'void', { detail: { storeId: command.storeId } });
  }
}
