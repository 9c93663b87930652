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
import { AccrualReversalDto, AccrualReversalParams, AccrualReversalResultDto } from '@omnigate/contracts';
import { ApiBackendProblemAnswers } from '@omnigate/http-client';
import { AccrualReversalsService } from './accrual-reversals.service';

@ApiTags('accruals')
@ApiBackendProblemAnswers('the loyalty platform')
@InternalCallers('process-orders')
@Controller('v1/accruals')
export class AccrualReversalsController {
  constructor(private readonly reversals: AccrualReversalsService) {}

  @Post(':accrualReference/reversals')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reverse (part of) an earlier accrual, at most once per reversal reference',
    description:
      'For a returned sale: takes back up to the points the accrual has left unreversed. Safe to repeat with the same reference: ' +
      'a repeat answers the first reversal with alreadyRecorded true. The balance may go below zero when the member spent the points already.',
  })
  @ApiOkResponse({ type: AccrualReversalResultDto })
  @ApiNotFoundResponse({ description: 'problem+json, type unknown-accrual' })
  @ApiConflictResponse({
    description:
      'problem+json, type reversal-reference-in-use: the reference names a reversal of another accrual or of other points',
  })
  @ApiUnprocessableEntityResponse({
    description: 'problem+json, type reversal-exceeds-accrual (with remainingPoints)',
  })
  reverse(
    @Param() { accrualReference }: AccrualReversalParams,
    @Body() reversal: AccrualReversalDto,
  ): Promise<AccrualReversalResultDto> {
    return this.reversals.reverse(accrualReference, reversal);
  }
}
