import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PointsHoldsView } from '@omnigate/contracts';
import { InternalCallers } from '@omnigate/auth';
import { MemberParams } from './pickup-orders.dto';
import { PICKUP_ORDERS, type PickupOrders } from './pickup-order.workflow';

@ApiTags('points-holds')
@InternalCallers('experience-storefront')
@Controller('v1/members')
export class PointsHoldsController {
  constructor(@Inject(PICKUP_ORDERS) private readonly orders: PickupOrders) {}

  @Get(':memberId/points-holds')
  @ApiOperation({ summary: "A member's points held by pickup orders not yet collected" })
  @ApiOkResponse({ type: PointsHoldsView })
  async list(@Param() { memberId }: MemberParams): Promise<PointsHoldsView> {
    const holding = await this.orders.store.findBy('memberId', memberId, this.orders.states('holding'));
    return {
      holds: holding
        .filter((order) => order.redemptionId !== null)
        .map((order) => ({ holdId: order.redemptionId!, orderId: order.orderId, points: order.pointsRedeemed, createdAt: order.createdAt })),
    };
  }
}
