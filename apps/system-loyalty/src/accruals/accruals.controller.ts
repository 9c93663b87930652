import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { InternalCallers } from '@omnigate/auth';
import { MemberParams } from '../members/members.dto';
import { ApiBackendProblemAnswers } from '@omnigate/http-client';
import { MEMBER_ID_PATTERN, POINTS_REFERENCE_PATTERN, PointsAccrualDto, PointsAccrualResultDto, PointsAccrualReversalDto, PointsAccrualReversalResultDto } from '@omnigate/contracts';
import { AccrualReversalsService } from './accrual-reversals.service';
import { AccrualsService } from './accruals.service';

export class AccrualParams {
  @ApiProperty({ example: '6041234567890', pattern: MEMBER_ID_PATTERN.source })
  @IsString() @Matches(MEMBER_ID_PATTERN)
  memberId!: string;

  @ApiProperty({ example: 'accrual-po_8Qm3xT0aLk2VbN7c', pattern: POINTS_REFERENCE_PATTERN.source, description: 'The reference the points were accrued under' })
  @IsString() @Matches(POINTS_REFERENCE_PATTERN)
  accrualReference!: string;
}

@ApiTags('accruals')
@ApiBackendProblemAnswers('the loyalty platform')
@InternalCallers('process-orders')
@Controller('v1/members')
export class AccrualsController {
  constructor(
    private readonly accruals: AccrualsService,
    private readonly reversals: AccrualReversalsService,
  ) {}

  @Post(':memberId/accruals')
  @HttpCode(200)
  @ApiOperation({
    summary: "Accrue points to a member's account, at most once per reference",
    description: 'Safe to repeat with the same reference: a repeat answers the first accrual with alreadyRecorded true.',
  })
  @ApiOkResponse({ type: PointsAccrualResultDto })
  @ApiNotFoundResponse({ description: 'problem+json, type unknown-member' })
  @ApiUnprocessableEntityResponse({ description: 'problem+json, type member-suspended' })
  accrue(@Param() { memberId }: MemberParams, @Body() accrual: PointsAccrualDto): Promise<PointsAccrualResultDto> {
    return this.accruals.accrue(memberId, accrual);
  }

  @Post(':memberId/accruals/:accrualReference/reversals')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Take back points of an earlier accrual (goods returned), at most what it booked, once per reference',
    description: 'Safe to repeat with the same reference: a repeat answers the first reversal with alreadyRecorded true.',
  })
  @ApiOkResponse({ type: PointsAccrualReversalResultDto })
  @ApiNotFoundResponse({ description: 'problem+json, type unknown-member or unknown-accrual' })
  @ApiUnprocessableEntityResponse({ description: 'problem+json, type reversal-exceeds-accrual (with reversiblePoints)' })
  reverse(@Param() { memberId, accrualReference }: AccrualParams, @Body() reversal: PointsAccrualReversalDto): Promise<PointsAccrualReversalResultDto> {
    return this.reversals.reverse(memberId, accrualReference, reversal);
  }
}
