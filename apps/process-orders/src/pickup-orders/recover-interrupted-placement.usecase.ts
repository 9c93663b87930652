import { Inject, Injectable } from '@nestjs/common';
import { rootLogger } from '@omnigate/observability';
import { Database } from '@omnigate/persistence';
import { OmsApi } from '@omnigate/system-clients';
import { Clock, reissue, type RequestContext } from '@omnigate/workflow';
import { PointsHolds } from '../points-holds/points-holds';
import { nothingTaken } from './backend-answers';
import { PickupHolds, pickupHoldReference } from './pickup-holds';
import { PICKUP_ORDERS, type PickupOrders } from './pickup-order.workflow';

/**
 * Finishes a placement that never reached RESERVED (the process died, or a backend timed out):
 * whatever the OMS and loyalty platform may hold under this order's references is found again
 * with the same references and released, and the order is CANCELLED.
 */
@Injectable()
export class RecoverInterruptedPlacement {
  constructor(
    private readonly db: Database,
    @Inject(PICKUP_ORDERS) private readonly orders: PickupOrders,
    private readonly oms: OmsApi,
    private readonly pointsHolds: PointsHolds,
    private readonly holds: PickupHolds,
    private readonly clock: Clock,
  ) {}

  async execute(ctx: RequestContext, { orderId }: { orderId: string }): Promise<void> {
    const order = await this.orders.store.find(orderId);
    if (!order || !this.orders.mayMove(order, 'abandon')) return;
    rootLogger().warn({ orderId }, 'compensating an interrupted placement');

    // Reserving and redeeming again under the same references answer what the first attempt took, if anything.
    const reservation = await reissue(
      () =>
        this.oms.reserve({
          reservationRef: order.orderId,
          storeId: order.storeId,
          expiresAt: new Date(this.clock.now().getTime() + 60_000).toISOString(),
          lines: order.lines.map(({ sku, quantity }) => ({ sku, quantity })),
        }),
      nothingTaken,
    );
    const redemption =
      order.pointsRedeemed > 0
        ? await this.pointsHolds.find(
            order.memberId!,
            pickupHoldReference(order.orderId),
            order.pointsRedeemed,
          )
        : undefined;
    const reservationId = reservation?.reservationId;
    const redemptionId = redemption?.redemptionId;
    await this.holds.release({ reservationId: reservationId ?? null, redemptionId: redemptionId ?? null });

    await this.db.transaction(async (tx) => {
      const placed = await this.orders.lock(tx, orderId);
      await this.orders.move(tx, ctx, placed, 'abandon', { detail: { reservationId, redemptionId } });
    });
  }
}
