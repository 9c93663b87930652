import { Injectable } from '@nestjs/common';
import { Database, JobQueue } from '@omnigate/persistence';
import { PostingLedger } from '@omnigate/erp-postings';
import type { PickupOrderContext } from './pickup-order.context';
import { pickupOrderPosting } from './pickup-order.postings';
import { PICKUP_QUEUES } from './pickup-order.queues';
import { PickupOrderViews, pickupOrderResource } from './pickup-order.view';
import type { PickupOrderView } from '@omnigate/contracts';
import { OrderOfAnotherStore, PickListNotSent } from './pickup-orders.errors';
import { PickupOrdersRepository } from './pickup-orders.repository';

/** The store's two moves on a pickup order: the goods are ready, and the customer collected them. */
@Injectable()
export class StorePickupActions {
  constructor(
    private readonly db: Database,
    private readonly orders: PickupOrdersRepository,
    private readonly jobs: JobQueue,
    private readonly ledger: PostingLedger,
    private readonly views: PickupOrderViews,
  ) {}

  /** RESERVED -> READY_FOR_PICKUP, once the store has the pick list (and the OMS the order). */
  async markReady(ctx: PickupOrderContext, orderId: string, storeId: string): Promise<PickupOrderView> {
    const ready = await this.db.transaction(async (tx) => {
      const order = await this.orders.lock(tx, orderId);
      if (order.storeId !== storeId) throw new OrderOfAnotherStore();
      if (order.state === 'RESERVED' && !order.pickListId) throw new PickListNotSent();
      const moved = await this.orders.move(tx, order, 'READY_FOR_PICKUP');
      await ctx.idempotencyClaim?.bind(tx, pickupOrderResource(orderId));
      await this.orders.addEvent(tx, orderId, 'ready-for-pickup', 'done', { storeId });
      return moved;
    });
    return this.views.of(ready);
  }

  /**
   * READY_FOR_PICKUP -> COLLECTED: the held points are captured (the redemption stands), and in the
   * same transaction the sale posting to the ERP and the rest (consume the reservation, accrue
   * points, close the OMS order) are scheduled.
   */
  async collect(ctx: PickupOrderContext, orderId: string, storeId: string): Promise<PickupOrderView> {
    const collected = await this.db.transaction(async (tx) => {
      const order = await this.orders.lock(tx, orderId);
      if (order.storeId !== storeId) throw new OrderOfAnotherStore();
      const moved = await this.orders.move(tx, order, 'COLLECTED');
      await ctx.idempotencyClaim?.bind(tx, pickupOrderResource(orderId));
      await this.orders.addEvent(tx, orderId, 'collected', 'done', { storeId });
      if (order.redemptionId) {
        await this.orders.addEvent(tx, orderId, 'points-captured', 'done', { redemptionId: order.redemptionId, points: order.pointsRedeemed });
      }
      await this.ledger.schedule(tx, pickupOrderPosting(moved, 'SALE'), ctx.correlationId);
      await this.jobs.send(tx, PICKUP_QUEUES.completeCollection, { orderId, correlationId: ctx.correlationId });
      return moved;
    });
    return this.views.of(collected);
  }
}
