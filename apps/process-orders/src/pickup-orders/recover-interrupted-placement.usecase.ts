import { Injectable } from '@nestjs/common';
import { rootLogger } from '@omnigate/observability';
import { Database } from '@omnigate/persistence';
import { LoyaltyApi, OmsApi, SystemRefusal } from '@omnigate/system-clients';
import { PickupOrderNotFound } from './pickup-orders.errors';
import { PickupOrdersRepository } from './pickup-orders.repository';
import { SettlePickupHolds } from './settle-pickup-holds.usecase';

/**
 * Finishes a placement that never reached RESERVED (the process died, or a backend timed out):
 * whatever the OMS and loyalty platform may hold under this order's references is found again
 * with the same references and released, and the order is CANCELLED.
 */
@Injectable()
export class RecoverInterruptedPlacement {
  constructor(
    private readonly db: Database,
    private readonly orders: PickupOrdersRepository,
    private readonly oms: OmsApi,
    private readonly loyalty: LoyaltyApi,
    private readonly settle: SettlePickupHolds,
  ) {}

  async execute(orderId: string): Promise<void> {
    const order = await this.orders.get(orderId).catch((error: unknown) => {
      if (error instanceof PickupOrderNotFound) return undefined;
      throw error;
    });
    if (!order || order.state !== 'PLACED') return;
    rootLogger().warn({ orderId }, 'compensating an interrupted placement');

    // Reserving and redeeming again under the same references answer what the first attempt took, if anything.
    const reservationId = await this.oms
      .reserve({
        reservationRef: order.orderId,
        storeId: order.storeId,
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
        lines: order.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      })
      .then((r) => r.reservationId, (error: unknown) => this.nothingHeld(error));
    const redemptionId =
      order.pointsRedeemed > 0
        ? await this.loyalty
            .redeem(order.memberId!, `hold-${order.orderId}`, order.pointsRedeemed)
            .then((r) => r.redemptionId, (error: unknown) => this.nothingHeld(error))
        : undefined;
    await this.settle.releaseHolds({ reservationId: reservationId ?? null, redemptionId: redemptionId ?? null });

    await this.db.transaction(async (tx) => {
      const placed = await this.orders.lock(tx, orderId);
      await this.orders.move(tx, placed, 'CANCELLED');
      await this.orders.addEvent(tx, orderId, 'placement-interrupted', 'compensated', { reservationId, redemptionId });
    });
  }

  /** A business refusal means nothing is held under that reference; anything else is retried. */
  private nothingHeld(error: unknown): undefined {
    if (error instanceof SystemRefusal) return undefined;
    throw error;
  }
}
