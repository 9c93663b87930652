import { Inject, Injectable } from '@nestjs/common';
import type { PickupOrderView } from '@omnigate/contracts';
import { Database } from '@omnigate/persistence';
import type { RequestContext } from '@omnigate/workflow';
import { PickupOrderViews } from './pickup-order.view';
import { PICKUP_ORDERS, type PickupOrders } from './pickup-order.workflow';

/**
 * The customer cancels before collection; the move schedules the release of the stock and the
 * points in its transaction. Refused (409) once collected, expired or cancelled, and while still
 * being placed: only the placement's recovery ends a PLACED order.
 */
@Injectable()
export class CancelPickupOrder {
  constructor(
    private readonly db: Database,
    @Inject(PICKUP_ORDERS) private readonly orders: PickupOrders,
    private readonly views: PickupOrderViews,
  ) {}

  async execute(ctx: RequestContext, { orderId }: { orderId: string }): Promise<PickupOrderView> {
    const cancelled = await this.db.transaction(async (tx) =>
      this.orders.move(tx, ctx, await this.orders.lock(tx, orderId), 'cancel'),
    );
    return this.views.of(cancelled);
  }
}
