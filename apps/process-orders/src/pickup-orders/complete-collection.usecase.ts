import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@omnigate/persistence';
import { LoyaltyApi, OmsApi } from '@omnigate/system-clients';
import { settle, type RequestContext } from '@omnigate/workflow';
import { ProcessOrdersConfig } from '../process-orders.config';
import { orderAlreadyAt, reservationAlreadyConsumed } from './backend-answers';
import { PICKUP_ORDERS, type PickupOrders } from './pickup-order.workflow';

/** The loyalty platform's reference of the points a collected order earned; a return reverses them under it. */
export const collectionAccrualReference = (orderId: string) => `accrual-${orderId}`;

/**
 * Collected: the goods left the store (the reservation is consumed), the member earns points on
 * what was paid, the OMS order is closed. Safe to repeat: each call is keyed by our ids, and only a
 * backend's own "already done" answer is taken as done.
 */
@Injectable()
export class CompleteCollection {
  constructor(
    private readonly db: Database,
    @Inject(PICKUP_ORDERS) private readonly orders: PickupOrders,
    private readonly oms: OmsApi,
    private readonly loyalty: LoyaltyApi,
    @Inject(ProcessOrdersConfig) private readonly config: ProcessOrdersConfig,
  ) {}

  async execute(_ctx: RequestContext, { orderId }: { orderId: string }): Promise<void> {
    const order = await this.orders.get(orderId);
    if (order.reservationId)
      await settle(() => this.oms.consumeReservation(order.reservationId!), reservationAlreadyConsumed);
    const accruedPoints = order.memberId
      ? Math.floor(order.totalMinor / 100) * this.config.POINTS_PER_CURRENCY_UNIT
      : 0;
    // The loyalty platform answers an accrual repeated under the same reference with the first booking.
    if (order.memberId && accruedPoints > 0)
      await this.loyalty.accrue(order.memberId, collectionAccrualReference(order.orderId), accruedPoints);
    if (order.omsOrderId) {
      // The OMS moves an order CREATED -> READY -> COLLECTED only; nothing told it READY when the store did.
      await settle(() => this.oms.setOrderStatus(order.omsOrderId!, 'READY'), orderAlreadyAt('READY'));
      await settle(
        () => this.oms.setOrderStatus(order.omsOrderId!, 'COLLECTED'),
        orderAlreadyAt('COLLECTED'),
      );
    }
    await this.db.transaction(async (tx) => {
      await this.orders.lock(tx, orderId);
      await this.orders.learn(
        tx,
        orderId,
        { accruedPoints },
        { step: 'points-accrued', outcome: 'done', detail: { points: accruedPoints } },
      );
      await this.orders.record(tx, orderId, 'reservation-consumed', 'done', {
        reservationId: order.reservationId,
      });
    });
  }
}
