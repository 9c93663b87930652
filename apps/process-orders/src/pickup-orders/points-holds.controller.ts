import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PointsHoldsView } from '@omnigate/contracts';
import { InternalCallers } from '@omnigate/auth';
import { MemberParams } from './pickup-orders.dto';
import { PickupOrdersRepository } from './pickup-orders.repository';

@ApiTags('points-holds')
@InternalCallers('experience-storefront')
@Controller('v1/members')
export class PointsHoldsController {
  constructor(private readonly orders: PickupOrdersRepository) {}

  @Get(':memberId/points-holds')
  @ApiOperation({ summary: "A member's points held by pickup orders not yet collected" })
  @ApiOkResponse({ type: PointsHoldsView })
  async list(@Param() { memberId }: MemberParams): Promise<PointsHoldsView> {
    return { holds: await this.orders.pointsHoldsOf(memberId) };
  }
}
