import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@omnigate/persistence';
import { OmsApi } from '@omnigate/system-clients';
import { settle, type RequestContext } from '@omnigate/workflow';
import { orderAlreadyAt } from './backend-answers';
import { PickupHolds } from './pickup-holds';
import { PICKUP_ORDERS, type PickupOrders } from './pickup-order.workflow';

/**
 * Cancelled or expired: gives back the stock and the points and closes the OMS order. Every call is
 * keyed by our ids, so a job that ran halfway before a crash completes on retry without doing anything twice.
 */
@Injectable()
export class ReleasePickupHolds {
  constructor(
    private readonly db: Database,
    @Inject(PICKUP_ORDERS) private readonly orders: PickupOrders,
    private readonly holds: PickupHolds,
    private readonly oms: OmsApi,
  ) {}

  async execute(_ctx: RequestContext, { orderId }: { orderId: string }): Promise<void> {
    const order = await this.orders.get(orderId);
    await this.holds.release(order);
    if (order.omsOrderId)
      await settle(
        () => this.oms.setOrderStatus(order.omsOrderId!, 'CANCELLED'),
        orderAlreadyAt('CANCELLED'),
      );
    await this.db.transaction(async (tx) => {
      await this.orders.lock(tx, orderId);
      await this.orders.record(tx, orderId, 'holds-released', 'compensated', {
        reservationId: order.reservationId,
        redemptionId: order.redemptionId,
      });
    });
  }
}
