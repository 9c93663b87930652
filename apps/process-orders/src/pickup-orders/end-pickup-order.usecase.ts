import { Injectable } from '@nestjs/common';
import type { IdempotencyClaim } from '@omnigate/idempotency';
import { Database, JobQueue } from '@omnigate/persistence';
import { IllegalTransition } from '@omnigate/workflow';
import type { PickupOrderContext } from './pickup-order.context';
import { HOLDING_STATES } from './pickup-order.process';
import { PICKUP_QUEUES } from './pickup-order.queues';
import { PickupOrderViews, pickupOrderResource } from './pickup-order.view';
import type { PickupOrderView } from '@omnigate/contracts';
import { PickupOrdersRepository } from './pickup-orders.repository';

/**
 * Ends an order before collection: cancelled by the customer, or expired uncollected. Either way
 * the stock reservation and the points hold are released by a job scheduled in the same transaction.
 */
@Injectable()
export class EndPickupOrder {
  constructor(
    private readonly db: Database,
    private readonly orders: PickupOrdersRepository,
    private readonly jobs: JobQueue,
    private readonly views: PickupOrderViews,
  ) {}

  /** The customer cancels: refused (409) once the order is collected, expired or already cancelled. */
  async cancel(ctx: PickupOrderContext, orderId: string): Promise<PickupOrderView> {
    return this.views.of(await this.end(ctx.correlationId, orderId, 'CANCELLED', 'cancelled', ctx.idempotencyClaim));
  }

  /** The pickup window has passed; an order no longer holding anything is left as it is. */
  async expire(correlationId: string, orderId: string): Promise<void> {
    try {
      await this.end(correlationId, orderId, 'EXPIRED', 'expired');
    } catch (error) {
      if (!(error instanceof IllegalTransition)) throw error;
    }
  }

  private async end(correlationId: string, orderId: string, to: 'CANCELLED' | 'EXPIRED', step: string, claim?: IdempotencyClaim) {
    return this.db.transaction(async (tx) => {
      const order = await this.orders.lock(tx, orderId);
      // A PLACED order is still being placed; only its recovery job may end it.
      if (!HOLDING_STATES.includes(order.state)) throw new IllegalTransition('pickup-order', order.state, to);
      const moved = await this.orders.move(tx, order, to);
      await claim?.bind(tx, pickupOrderResource(orderId));
      await this.orders.addEvent(tx, orderId, step, 'done');
      await this.jobs.send(tx, PICKUP_QUEUES.releaseHolds, { orderId, correlationId });
      return moved;
    });
  }
}
