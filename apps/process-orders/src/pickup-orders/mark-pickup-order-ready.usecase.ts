import { Inject, Injectable } from '@nestjs/common';
import type { PickupOrderView } from '@omnigate/contracts';
import { Database } from '@omnigate/persistence';
import { actingAtStore, type RequestContext } from '@omnigate/workflow';
import { PickupOrderViews } from './pickup-order.view';
import { PICKUP_ORDERS, type PickupOrders } from './pickup-order.workflow';
import { PickListNotSent } from './pickup-orders.errors';

/** RESERVED -> READY_FOR_PICKUP, by the order's store, once the store has the pick list (and the OMS the order). */
@Injectable()
export class MarkPickupOrderReady {
  constructor(
    private readonly db: Database,
    @Inject(PICKUP_ORDERS) private readonly orders: PickupOrders,
    private readonly views: PickupOrderViews,
  ) {}

  async execute(
    ctx: RequestContext,
    { orderId, storeId }: { orderId: string; storeId: string },
  ): Promise<PickupOrderView> {
    const ready = await this.db.transaction(async (tx) => {
      const order = await this.orders.lock(tx, orderId);
      if (order.storeId === storeId && order.state === 'RESERVED' && !order.pickListId)
        throw new PickListNotSent();
      return this.orders.move(tx, actingAtStore(ctx, storeId), order, 'markReady', { detail: { storeId } });
    });
    return this.views.of(ready);
  }
}
