import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { InternalCallers } from '@omnigate/auth';
import { MemberParams } from '../members/members.dto';
import { ApiBackendProblemAnswers } from '@omnigate/http-client';
import {
  PointsRedemptionDto,
  PointsRedemptionResultDto,
  RedemptionCancellationDto,
} from '@omnigate/contracts';
import { RedemptionParams } from './redemptions.dto';
import { RedemptionsService } from './redemptions.service';

@ApiTags('redemptions')
@ApiBackendProblemAnswers('the loyalty platform')
@InternalCallers('process-orders')
@Controller('v1')
export class RedemptionsController {
  constructor(private readonly redemptions: RedemptionsService) {}

  @Post('members/:memberId/redemptions')
  @HttpCode(200)
  @ApiOperation({
    summary: "Redeem points from a member's account, at most once per reference",
    description:
      'Safe to repeat with the same reference: a repeat answers the first redemption with alreadyRecorded true.',
  })
  @ApiOkResponse({ type: PointsRedemptionResultDto })
  @ApiNotFoundResponse({ description: 'problem+json, type unknown-member' })
  @ApiConflictResponse({
    description: "problem+json, type reference-in-use: the reference names another member's redemption",
  })
  @ApiUnprocessableEntityResponse({
    description: 'problem+json, type insufficient-points (with availablePoints) or member-suspended',
  })
  redeem(
    @Param() { memberId }: MemberParams,
    @Body() redemption: PointsRedemptionDto,
  ): Promise<PointsRedemptionResultDto> {
    return this.redemptions.redeem(memberId, redemption);
  }

  @Post('redemptions/:redemptionId/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a redemption and give its points back',
    description:
      'Safe to repeat: cancelling a cancelled redemption answers alreadyCancelled true and gives nothing more.',
  })
  @ApiOkResponse({ type: RedemptionCancellationDto })
  @ApiNotFoundResponse({ description: 'problem+json, type unknown-redemption' })
  cancel(@Param() { redemptionId }: RedemptionParams): Promise<RedemptionCancellationDto> {
    return this.redemptions.cancel(redemptionId);
  }
}
