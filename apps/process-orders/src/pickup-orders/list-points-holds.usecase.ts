import { Inject, Injectable } from '@nestjs/common';
import type { PointsHoldsView } from '@omnigate/contracts';
import { PICKUP_ORDERS, type PickupOrders } from './pickup-order.workflow';

/** A member's points held by pickup orders that still hold them (the workflow's holding states). */
@Injectable()
export class ListPointsHolds {
  constructor(@Inject(PICKUP_ORDERS) private readonly orders: PickupOrders) {}

  async execute({ memberId }: { memberId: string }): Promise<PointsHoldsView> {
    const holding = await this.orders.store.findBy('memberId', memberId, this.orders.states('holding'));
    return {
      holds: holding
        .filter((order) => order.redemptionId !== null)
        .map((order) => ({
          holdId: order.redemptionId!,
          orderId: order.orderId,
          points: order.pointsRedeemed,
          createdAt: order.createdAt,
        })),
    };
  }
}
