import { Body, Controller, Delete, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { InternalCallers } from '@omnigate/auth';
import { QueueParams } from './operations.controller';
import { PauseQueue, ResumeQueue } from './pause-queue.usecase';

// The person, as the control tower knows them from their credential (the audit's actor).
const ACTOR = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export class PauseQueueBody {
  @ApiProperty({
    description: 'Who pauses: the person, as the control tower knows them',
    example: 'ops.lead',
    pattern: ACTOR.source,
    maxLength: 64,
  })
  @IsString()
  @Matches(ACTOR)
  actor!: string;

  @ApiProperty({
    description: 'Why, for the other operators and the audit',
    example: 'ERP month-end close until 22:00',
    minLength: 1,
    maxLength: 200,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reason!: string;
}

const UNKNOWN_QUEUE = 'problem+json, type unknown-queue, with the queues there are';

/**
 * Pausing and resuming a queue, on every replica: the pause of a queue is a resource, put to pause
 * and deleted to resume, both idempotent.
 */
@ApiTags('operations')
@InternalCallers('operator', 'control-tower')
@Controller('v1/ops/queues/:queue/pause')
export class QueuePausesController {
  constructor(
    private readonly pauseQueue: PauseQueue,
    private readonly resumeQueue: ResumeQueue,
  ) {}

  @Put()
  @ApiOperation({
    summary:
      'Pause a queue on every replica: its jobs wait, none lost or dead-lettered, and run once resumed',
    description:
      'Jobs already running finish. This replica stops working the queue at once, the others within QUEUE_PAUSE_CHECK_MS. Pausing a paused queue answers the pause in force (its first author and reason).',
  })
  @ApiOkResponse({ description: '{ queue, paused: { by, reason, since } }' })
  @ApiBadRequestResponse({ description: 'problem+json, type validation-failed: no actor or reason' })
  @ApiNotFoundResponse({ description: UNKNOWN_QUEUE })
  pause(@Param() { queue }: QueueParams, @Body() body: PauseQueueBody) {
    return this.pauseQueue.execute({ queue, ...body });
  }

  @Delete()
  @ApiOperation({
    summary: 'Resume a paused queue on every replica; its waiting jobs run, each once',
    description: 'Resuming a queue that is not paused answers it running (resumed: null).',
  })
  @ApiOkResponse({
    description: '{ queue, paused: null, resumed: the lifted pause { by, reason, since } or null }',
  })
  @ApiNotFoundResponse({ description: UNKNOWN_QUEUE })
  resume(@Param() { queue }: QueueParams) {
    return this.resumeQueue.execute({ queue });
  }
}
