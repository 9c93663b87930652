import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@omnigate/persistence';
import type { RequestContext } from '@omnigate/workflow';
import { PICKUP_ORDERS, type PickupOrders } from './pickup-order.workflow';

/** The pickup window has passed: an order still holding stock and points expires, and they are released; any other is left as it is. */
@Injectable()
export class ExpirePickupOrder {
  constructor(
    private readonly db: Database,
    @Inject(PICKUP_ORDERS) private readonly orders: PickupOrders,
  ) {}

  async execute(ctx: RequestContext, { orderId }: { orderId: string }): Promise<void> {
    await this.db.transaction(async (tx) => {
      const order = await this.orders.lock(tx, orderId);
      if (this.orders.mayMove(order, 'expire')) await this.orders.move(tx, ctx, order, 'expire');
    });
  }
}
