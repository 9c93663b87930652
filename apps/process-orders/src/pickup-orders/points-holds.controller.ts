import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PointsHoldsView } from '@omnigate/contracts';
import { InternalCallers } from '@omnigate/auth';
import { ListPointsHolds } from './list-points-holds.usecase';
import { MemberParams } from './pickup-orders.dto';

@ApiTags('points-holds')
@InternalCallers('experience-storefront')
@Controller('v1/members')
export class PointsHoldsController {
  constructor(private readonly listPointsHolds: ListPointsHolds) {}

  @Get(':memberId/points-holds')
  @ApiOperation({ summary: "A member's points held by pickup orders not yet collected" })
  @ApiOkResponse({ type: PointsHoldsView })
  list(@Param() { memberId }: MemberParams): Promise<PointsHoldsView> {
    return this.listPointsHolds.execute({ memberId });
  }
}
