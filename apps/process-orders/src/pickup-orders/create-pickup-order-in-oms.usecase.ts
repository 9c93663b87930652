import { Inject, Injectable } from '@nestjs/common';
import { Database, together } from '@omnigate/persistence';
import { OmsApi } from '@omnigate/system-clients';
import type { RequestContext } from '@omnigate/workflow';
import { PICKUP_ORDERS, type PickupOrders } from './pickup-order.workflow';

/**
 * After placement, creates the order in the OMS, then schedules its pick list. Safe to repeat: the
 * OMS deduplicates on our order id, so a job retried after a crash finds the work already done.
 */
@Injectable()
export class CreatePickupOrderInOms {
  constructor(
    private readonly db: Database,
    @Inject(PICKUP_ORDERS) private readonly orders: PickupOrders,
    private readonly oms: OmsApi,
  ) {}

  async execute(ctx: RequestContext, { orderId }: { orderId: string }): Promise<void> {
    const order = await this.orders.get(orderId);
    if (order.omsOrderId || !this.orders.isIn(order, 'holding')) return;
    const { omsOrderId } = await this.oms.createOrder({
      externalOrderId: order.orderId,
      channel: 'STOREFRONT',
      storeId: order.storeId,
      fulfilment: 'PICKUP',
      reservationId: order.reservationId ?? undefined,
      lines: order.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    });
    await this.db.transaction(async (tx) => {
      const current = await this.orders.lock(tx, orderId);
      // Ended while the OMS call was on its way: the release already ran without this OMS order, so it runs again to close it.
      const next = this.orders.isIn(current, 'holding')
        ? 'sendPickList'
        : this.orders.isIn(current, 'ended')
          ? 'releaseHolds'
          : undefined;
      await together([
        this.orders.learn(
          tx,
          orderId,
          { omsOrderId },
          { step: 'oms-order-created', outcome: 'done', detail: { omsOrderId } },
        ),
        next && this.orders.schedule(tx, ctx, next, orderId),
      ]);
    });
  }
}
