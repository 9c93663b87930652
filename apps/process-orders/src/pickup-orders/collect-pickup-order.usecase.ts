import { Inject, Injectable } from '@nestjs/common';
import type { PickupOrderView } from '@omnigate/contracts';
import { Database } from '@omnigate/persistence';
import { actingAtStore, type RequestContext } from '@omnigate/workflow';
import { PickupOrderViews } from './pickup-order.view';
import { PICKUP_ORDERS, type PickupOrders } from './pickup-order.workflow';

/**
 * READY_FOR_PICKUP -> COLLECTED, by the order's store: the held points are captured (the
 * redemption stands), and in the same transaction the move schedules the sale posting to the ERP
 * and the rest (consume the reservation, accrue points, close the OMS order).
 */
@Injectable()
export class CollectPickupOrder {
  constructor(
    private readonly db: Database,
    @Inject(PICKUP_ORDERS) private readonly orders: PickupOrders,
    private readonly views: PickupOrderViews,
  ) {}

  async execute(
    ctx: RequestContext,
    { orderId, storeId }: { orderId: string; storeId: string },
  ): Promise<PickupOrderView> {
    const collected = await this.db.transaction(async (tx) => {
      const order = await this.orders.lock(tx, orderId);
      const moved = await this.orders.move(tx, actingAtStore(ctx, storeId), order, 'collect', {
        detail: { storeId },
      });
      if (order.redemptionId) {
        await this.orders.record(tx, orderId, 'points-captured', 'done', {
          redemptionId: order.redemptionId,
          points: order.pointsRedeemed,
        });
      }
      return moved;
    });
    return this.views.of(collected);
  }
}
