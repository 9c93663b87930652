import { Injectable } from '@nestjs/common';
import { Database, JobQueue } from '@omnigate/persistence';
import { OmsApi } from '@omnigate/system-clients';
import { HOLDING_STATES } from './pickup-order.process';
import { PICKUP_QUEUES } from './pickup-order.queues';
import { PickupOrdersRepository } from './pickup-orders.repository';

/**
 * The asynchronous steps after placement: create the order in the OMS, then send the pick list to
 * the store. Each is safe to repeat (the OMS deduplicates on our order id), so a job retried after
 * a crash finds the work already done instead of doing it twice.
 */
@Injectable()
export class FulfilPickupOrder {
  constructor(
    private readonly db: Database,
    private readonly orders: PickupOrdersRepository,
    private readonly jobs: JobQueue,
    private readonly oms: OmsApi,
  ) {}

  async createInOms(correlationId: string, orderId: string): Promise<void> {
    const order = await this.orders.get(orderId);
    if (order.omsOrderId || !HOLDING_STATES.includes(order.state)) return;
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
      await this.orders.setFacts(tx, orderId, { omsOrderId });
      await this.orders.addEvent(tx, orderId, 'oms-order-created', 'done', { omsOrderId });
      if (HOLDING_STATES.includes(current.state)) {
        await this.jobs.send(tx, PICKUP_QUEUES.sendPickList, { orderId, correlationId });
      } else if (current.state === 'CANCELLED' || current.state === 'EXPIRED') {
        // Ended while the OMS call was on its way: the release already ran without this OMS order, so run it again to close it.
        await this.jobs.send(tx, PICKUP_QUEUES.releaseHolds, { orderId, correlationId });
      }
    });
  }

  async sendPickList(correlationId: string, orderId: string): Promise<void> {
    const order = await this.orders.get(orderId);
    if (order.pickListId || !order.omsOrderId || !HOLDING_STATES.includes(order.state)) return;
    const { pickListId } = await this.oms.createPickList(order.omsOrderId);
    await this.db.transaction(async (tx) => {
      await this.orders.lock(tx, orderId);
      await this.orders.setFacts(tx, orderId, { pickListId });
      await this.orders.addEvent(tx, orderId, 'pick-list-sent', 'done', { pickListId, omsOrderId: order.omsOrderId });
    });
  }
}
