import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@omnigate/persistence';
import { LoyaltyApi, OmsApi, SystemRefusal } from '@omnigate/system-clients';
import { ProcessOrdersConfig } from '../process-orders.config';
import type { PickupOrder } from './pickup-order';
import { PickupOrdersRepository } from './pickup-orders.repository';

/** Treats "already in the state we want" answers (released twice, cancelled twice) as success. */
async function idempotently(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof SystemRefusal && error.kind === 'conflict')) throw error;
  }
}

/**
 * What becomes of an order's stock reservation and points hold once it ends: released when it is
 * cancelled or expires, consumed and accrued when it is collected. Every call is keyed by our ids,
 * so a job that ran halfway before a crash completes on retry without doing anything twice.
 */
@Injectable()
export class SettlePickupHolds {
  constructor(
    private readonly db: Database,
    private readonly orders: PickupOrdersRepository,
    private readonly oms: OmsApi,
    private readonly loyalty: LoyaltyApi,
    @Inject(ProcessOrdersConfig) private readonly config: ProcessOrdersConfig,
  ) {}

  /** Cancelled or expired: give back the stock and the points, close the OMS order. */
  async release(orderId: string): Promise<void> {
    const order = await this.orders.get(orderId);
    await this.releaseHolds(order);
    if (order.omsOrderId) await idempotently(() => this.oms.setOrderStatus(order.omsOrderId!, 'CANCELLED'));
    await this.record(orderId, 'holds-released', { reservationId: order.reservationId, redemptionId: order.redemptionId });
  }

  /** Collected: the goods left the store, the member earns points on what was paid. */
  async completeCollection(orderId: string): Promise<void> {
    const order = await this.orders.get(orderId);
    if (order.reservationId) await idempotently(() => this.oms.consumeReservation(order.reservationId!));
    const accruedPoints = order.memberId ? Math.floor(order.totalMinor / 100) * this.config.POINTS_PER_CURRENCY_UNIT : 0;
    if (order.memberId && accruedPoints > 0) {
      await idempotently(() => this.loyalty.accrue(order.memberId!, `accrual-${order.orderId}`, accruedPoints));
    }
    if (order.omsOrderId) {
      // The OMS moves an order CREATED -> READY -> COLLECTED only; nothing told it READY when the store did.
      await idempotently(() => this.oms.setOrderStatus(order.omsOrderId!, 'READY'));
      await idempotently(() => this.oms.setOrderStatus(order.omsOrderId!, 'COLLECTED'));
    }
    await this.db.transaction(async (tx) => {
      await this.orders.lock(tx, orderId);
      await this.orders.setFacts(tx, orderId, { accruedPoints });
      await this.orders.addEvent(tx, orderId, 'points-accrued', 'done', { points: accruedPoints });
      await this.orders.addEvent(tx, orderId, 'reservation-consumed', 'done', { reservationId: order.reservationId });
    });
  }

  /** Gives back the reservation and the points hold of an order, in reverse order of taking them. */
  async releaseHolds(order: Pick<PickupOrder, 'reservationId' | 'redemptionId'>): Promise<void> {
    if (order.redemptionId) await idempotently(() => this.loyalty.cancelRedemption(order.redemptionId!));
    if (order.reservationId) await idempotently(() => this.oms.releaseReservation(order.reservationId!));
  }

  private async record(orderId: string, step: string, detail: Record<string, unknown>): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.orders.lock(tx, orderId);
      await this.orders.addEvent(tx, orderId, step, 'compensated', detail);
    });
  }
}
