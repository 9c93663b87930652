import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { JobQueue } from '@omnigate/persistence';
import { DomainError } from '@omnigate/problems';
import { ERP_POSTINGS_QUEUE, ErpPostingGovernor, PostingLedger } from '@omnigate/erp-postings';
import { InternalCallers } from '@omnigate/auth';
import { PICKUP_QUEUES } from '../pickup-orders/pickup-order.queues';

const QUEUES = [ERP_POSTINGS_QUEUE, ...Object.values(PICKUP_QUEUES)];

class QueueQuery {
  @IsIn(QUEUES)
  queue!: string;
}

class DeadLetterParams {
  @IsIn(QUEUES)
  queue!: string;

  @IsString() @Matches(/^[0-9a-f-]{36}$/)
  deadLetterId!: string;
}

class DeadLetterNotFound extends DomainError {
  readonly type = 'dead-letter-not-found';
  override readonly kind = 'not-found';
}

/** What the platform team watches and mends: posting lag, the ERP throttle, dead letters and their replay. */
@ApiTags('operations')
@InternalCallers('operator')
@Controller('v1/ops')
export class OperationsController {
  constructor(
    private readonly ledger: PostingLedger,
    private readonly governor: ErpPostingGovernor,
    private readonly jobs: JobQueue,
  ) {}

  @Get('erp-postings')
  @ApiOperation({ summary: 'ERP posting backlog and lag, and what the throttle allows right now' })
  @ApiOkResponse({ description: '{ backlog: { pending, posted, dead, oldestPendingAgeS }, throttle: { inFlight, ratePerS, pausedForMs } }' })
  async postings() {
    return { backlog: await this.ledger.backlog(), throttle: this.governor.throttleState() };
  }

  @Get('dead-letters')
  @ApiOperation({ summary: 'Jobs of a queue that used up their retries, with their last error' })
  async deadLetters(@Query() { queue }: QueueQuery) {
    return { deadLetters: await this.jobs.listDeadLetters(queue) };
  }

  @Post('dead-letters/:queue/:deadLetterId/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a dead letter back to its queue with fresh retries' })
  async replay(@Param() { queue, deadLetterId }: DeadLetterParams) {
    const [letter] = (await this.jobs.listDeadLetters<{ postingId?: string }>(queue, 1000)).filter((d) => d.id === deadLetterId);
    if (!letter) throw new DeadLetterNotFound('No dead letter has this id in this queue');
    if (queue === ERP_POSTINGS_QUEUE && letter.payload.postingId) await this.ledger.revive(letter.payload.postingId);
    await this.jobs.replayDeadLetter(queue, deadLetterId);
    return { replayed: deadLetterId };
  }
}
