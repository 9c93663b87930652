import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { InternalCallers } from '@omnigate/auth';
import { MemberParams } from '../members/members.dto';
import { ApiBackendProblemAnswers } from '@omnigate/http-client';
import { PointsAccrualDto, PointsAccrualResultDto } from '@omnigate/contracts';
import { AccrualsService } from './accruals.service';

@ApiTags('accruals')
@ApiBackendProblemAnswers('the loyalty platform')
@InternalCallers('process-orders')
@Controller('v1/members')
export class AccrualsController {
  constructor(private readonly accruals: AccrualsService) {}

  @Post(':memberId/accruals')
  @HttpCode(200)
  @ApiOperation({
    summary: "Accrue points to a member's account, at most once per reference",
    description:
      'Safe to repeat with the same reference: a repeat answers the first accrual with alreadyRecorded true.',
  })
  @ApiOkResponse({ type: PointsAccrualResultDto })
  @ApiNotFoundResponse({ description: 'problem+json, type unknown-member' })
  @ApiUnprocessableEntityResponse({ description: 'problem+json, type member-suspended' })
  accrue(
    @Param() { memberId }: MemberParams,
    @Body() accrual: PointsAccrualDto,
  ): Promise<PointsAccrualResultDto> {
    return this.accruals.accrue(memberId, accrual);
  }
}
