import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { InternalCallers } from '@omnigate/auth';
import { ERP_POSTINGS_QUEUE, ErpPostingGovernor, PostingLedger } from '@omnigate/erp-postings';
import { JobQueue } from '@omnigate/persistence';
import { DomainError } from '@omnigate/problems';
import { WorkflowEngine } from '@omnigate/workflow';

const QUEUE_NAME = /^[a-z][a-z0-9.-]{0,99}$/;

class QueueQuery {
  @IsString() @Matches(QUEUE_NAME)
  queue!: string;
}

class DeadLetterParams {
  @IsString() @Matches(QUEUE_NAME)
  queue!: string;

  @IsString() @Matches(/^[0-9a-f-]{36}$/)
  deadLetterId!: string;
}

/** The queues are the ERP postings' and those of every registered workflow, so a new workflow's appear by themselves. */
class UnknownQueue extends DomainError {
  readonly type = 'unknown-queue';
  override readonly kind = 'bad-request';
  override readonly extensions: Record<string, unknown>;
  constructor(queues: string[]) {
    super('No queue has this name');
    this.extensions = { queues };
  }
}

class DeadLetterNotFound extends DomainError {
  readonly type = 'dead-letter-not-found';
  override readonly kind = 'not-found';
}

/** What the platform team watches and mends: posting lag, the ERP throttle, dead letters and their replay. */
@ApiTags('operations')
@InternalCallers('operator', 'control-tower')
@Controller('v1/ops')
export class OperationsController {
  constructor(
    private readonly ledger: PostingLedger,
    private readonly governor: ErpPostingGovernor,
    private readonly jobs: JobQueue,
    private readonly workflows: WorkflowEngine,
  ) {}

  private known(queue: string): string {
    const queues = [ERP_POSTINGS_QUEUE, ...this.workflows.queues()];
    if (!queues.includes(queue)) throw new UnknownQueue(queues);
    return queue;
  }

  @Get('erp-postings')
  @ApiOperation({ summary: 'ERP posting backlog and lag, and what the throttle allows right now' })
  @ApiOkResponse({ description: '{ backlog: { pending, posted, dead, oldestPendingAgeS }, throttle: { inFlight, ratePerS, pausedForMs } }' })
  async postings() {
    return { backlog: await this.ledger.backlog(), throttle: this.governor.throttleState() };
  }

  @Get('dead-letters')
  @ApiOperation({ summary: 'Jobs of a queue that used up their retries, with their last error' })
  async deadLetters(@Query() { queue }: QueueQuery) {
    return { deadLetters: await this.jobs.listDeadLetters(this.known(queue)) };
  }

  @Post('dead-letters/:queue/:deadLetterId/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a dead letter back to its queue with fresh retries' })
  async replay(@Param() { queue, deadLetterId }: DeadLetterParams) {
    this.known(queue);
    const [letter] = (await this.jobs.listDeadLetters<{ postingId?: string }>(queue, 1000)).filter((d) => d.id === deadLetterId);
    if (!letter) throw new DeadLetterNotFound('No dead letter has this id in this queue');
    if (queue === ERP_POSTINGS_QUEUE && letter.payload.postingId) await this.ledger.revive(letter.payload.postingId);
    await this.jobs.replayDeadLetter(queue, deadLetterId);
    return { replayed: deadLetterId };
  }
}
