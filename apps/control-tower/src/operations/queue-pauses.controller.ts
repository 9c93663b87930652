import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OperatorsOnly, personOf } from '../access/tower-access.guard';
import { QueueParams } from './control-tower.dto';
import { relay } from './control-tower.controller';
import { PauseQueue } from './pause-queue.usecase';
import { PauseQueueBody } from './queue-pauses.dto';

const VIEWER_REFUSED =
  'problem+json, type operator-role-required: a viewer may look only; nothing is done or audited';
const UNKNOWN_QUEUE = 'problem+json, type unknown-queue, as process-orders answered it (audited as refused)';

/** Operators pause a queue on every replica of process-orders and resume it; each attempt is audited. */
@ApiTags('control-tower')
@ApiSecurity('controlTowerKey')
@Controller('api/queues/:queue')
export class QueuePausesController {
  constructor(private readonly pauseQueue: PauseQueue) {}

  @Post('pause')
  @OperatorsOnly()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Pause a queue (operators): its jobs wait, none lost, until resumed; running jobs finish. Answered as process-orders answers',
    description:
      'Every replica stops working the queue within QUEUE_PAUSE_CHECK_MS. Pausing a paused queue answers the pause in force. Viewers get 403 operator-role-required.',
  })
  @ApiOkResponse({ description: '{ queue, paused: { by, reason, since } }, as process-orders answered it' })
  @ApiForbiddenResponse({ description: VIEWER_REFUSED })
  @ApiNotFoundResponse({ description: UNKNOWN_QUEUE })
  async pause(
    @Param() { queue }: QueueParams,
    @Body() { reason }: PauseQueueBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return relay(reply, await this.pauseQueue.pause(personOf(request), queue, reason));
  }

  @Post('resume')
  @OperatorsOnly()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Resume a paused queue (operators): its waiting jobs run, each once. Answered as process-orders answers',
  })
  @ApiOkResponse({
    description: '{ queue, paused: null, resumed: the lifted pause or null }, as process-orders answered it',
  })
  @ApiForbiddenResponse({ description: VIEWER_REFUSED })
  @ApiNotFoundResponse({ description: UNKNOWN_QUEUE })
  async resume(
    @Param() { queue }: QueueParams,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return relay(reply, await this.pauseQueue.resume(personOf(request), queue));
  }
}
