import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { InternalCallers } from '@omnigate/auth';
import { ErpPostingGovernor, PostingLedger } from '@omnigate/erp-postings';
import { JobQueue } from '@omnigate/persistence';
import { ReplayDeadLetters } from './replay-dead-letters.usecase';

// Each pattern bounds its value's length; the documented maxLength is that bound.
const QUEUE_NAME = /^[a-z][a-z0-9.-]{0,99}$/;
const DEAD_LETTER_ID = /^[0-9a-f-]{36}$/;

class QueueQuery {
  @ApiProperty({
    description: 'The job queue, e.g. erp-postings',
    pattern: QUEUE_NAME.source,
    maxLength: 100,
  })
  @IsString()
  @Matches(QUEUE_NAME)
  queue!: string;
}

export class QueueParams {
  @ApiProperty({
    description: 'The job queue, e.g. erp-postings',
    pattern: QUEUE_NAME.source,
    maxLength: 100,
  })
  @IsString()
  @Matches(QUEUE_NAME)
  queue!: string;
}

class DeadLetterParams {
  @ApiProperty({
    description: 'The job queue, e.g. erp-postings',
    pattern: QUEUE_NAME.source,
    maxLength: 100,
  })
  @IsString()
  @Matches(QUEUE_NAME)
  queue!: string;

  @ApiProperty({
    description: 'The dead letter (job) id',
    pattern: DEAD_LETTER_ID.source,
    minLength: 36,
    maxLength: 36,
  })
  @IsString()
  @Matches(DEAD_LETTER_ID)
  deadLetterId!: string;
}

const ERP_BREAKER_OPEN =
  'problem+json, type erp-breaker-open, with Retry-After: ERP postings are not replayed while the ERP refuses work';

/** What the platform team watches and mends: posting lag, the ERP quota, dead letters and their replay. */
@ApiTags('operations')
@InternalCallers('operator', 'control-tower')
@Controller('v1/ops')
export class OperationsController {
  constructor(
    private readonly ledger: PostingLedger,
    private readonly governor: ErpPostingGovernor,
    private readonly jobs: JobQueue,
    private readonly replay: ReplayDeadLetters,
  ) {}

  @Get('erp-postings')
  @ApiOperation({ summary: 'ERP posting backlog and lag, and what the shared ERP quota allows right now' })
  @ApiOkResponse({
    description:
      '{ backlog: { pending, posted, dead, void, oldestPendingAgeS }, throttle: { inFlight, ratePerS, pausedForMs, erpUnavailableForMs, lastRefusal } }',
  })
  async postings() {
    return { backlog: await this.ledger.backlog(), throttle: await this.governor.throttleState() };
  }

  @Get('dead-letters')
  @ApiOperation({ summary: 'Jobs of a queue that were dead-lettered, with their reason' })
  async deadLetters(@Query() { queue }: QueueQuery) {
    return { deadLetters: await this.jobs.listDeadLetters(this.replay.known(queue)) };
  }

  @Post('dead-letters/:queue/replay')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send every dead letter of a queue (up to 1,000 per call) back to it with fresh retries',
  })
  @ApiAcceptedResponse({ description: '{ replayed: [dead letter ids] }' })
  @ApiConflictResponse({ description: ERP_BREAKER_OPEN })
  replayAll(@Param() { queue }: QueueParams) {
    return this.replay.execute({ queue });
  }

  @Post('dead-letters/:queue/:deadLetterId/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a dead letter back to its queue with fresh retries' })
  @ApiAcceptedResponse({ description: '{ replayed: deadLetterId }' })
  @ApiNotFoundResponse({ description: 'problem+json, type dead-letter-not-found' })
  @ApiConflictResponse({ description: ERP_BREAKER_OPEN })
  async replayOne(@Param() { queue, deadLetterId }: DeadLetterParams) {
    await this.replay.execute({ queue, deadLetterId });
    return { replayed: deadLetterId };
  }
}
