import { Injectable } from '@nestjs/common';
import type { TillRedemptionView } from '@omnigate/contracts';
import { Clock, type RequestContext } from '@omnigate/workflow';
import { SettleTillRedemption } from './settle-till-redemption';

/**
 * AUTHORIZED -> CAPTURED by the redemption's store: the held points pay for the sale for good, and
 * the points liability is posted to the ERP (scheduled in the move's transaction). Called by the
 * till, and by a store sale that names the redemption (`saleKey`).
 */
@Injectable()
export class CaptureTillRedemption {
  constructor(
    private readonly settle: SettleTillRedemption,
    private readonly clock: Clock,
  ) {}

  execute(
    ctx: RequestContext,
    command: { redemptionId: string; storeId: string; saleKey?: string },
  ): Promise<TillRedemptionView> {
    const capturedAt = this.clock.now().toISOString();
    return this.settle.execute(ctx, command, 'capture', {
      facts: { capturedAt, ...(command.saleKey !== undefined && { capturedForSale: command.saleKey }) },
      detail: {
        storeId: command.storeId,
        ...(command.saleKey !== undefined && { saleKey: command.saleKey }),
      },
    });
  }
}
