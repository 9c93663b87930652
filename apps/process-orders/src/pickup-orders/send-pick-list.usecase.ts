import { Inject, Injectable } from '@nestjs/common';
import { Database, together } from '@omnigate/persistence';
import { OmsApi } from '@omnigate/system-clients';
import type { RequestContext } from '@omnigate/workflow';
import { PICKUP_ORDERS, type PickupOrders } from './pickup-order.workflow';

/** Sends the pick list of an order the OMS has to its store; safe to repeat, and skipped once the order no longer holds stock. */
@Injectable()
export class SendPickList {
  constructor(
    private readonly db: Database,
    @Inject(PICKUP_ORDERS) private readonly orders: PickupOrders,
    private readonly oms: OmsApi,
  ) {}

  async execute(_ctx: RequestContext, { orderId }: { orderId: string }): Promise<void> {
    const order = await this.orders.get(orderId);
    if (order.pickListId || !order.omsOrderId || !this.orders.isIn(order, 'holding')) return;
    const { pickListId } = await this.oms.createPickList(order.omsOrderId);
    // Sent together, run in turn: the timeline entry is numbered after every entry committed before the lock.
    await this.db.transaction((tx) =>
      together([
        this.orders.lock(tx, orderId),
        this.orders.learn(
          tx,
          orderId,
          { pickListId },
          { step: 'pick-list-sent', outcome: 'done', detail: { pickListId, omsOrderId: order.omsOrderId } },
        ),
      ]),
    );
  }
}
