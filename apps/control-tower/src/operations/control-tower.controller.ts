import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OperatorsOnly, personOf } from '../access/tower-access.guard';
import { ClientApps } from './client-apps';
import {
  DeadLetterParams,
  FlowParams,
  FlowSearchQuery,
  QueueParams,
  ReleaseFlowBody,
  ReconciliationReportParams,
  ReconciliationReportsQuery,
  RunReconciliationBody,
} from './control-tower.dto';
import { LowerApis, type LowerAnswer, SYSTEM_APIS } from './lower-apis';
import { ReplayDeadLetters } from './replay-dead-letters.usecase';

/** Answers as process-orders answered: its status, and its problem when it refused. */
export function relay(reply: FastifyReply, answer: LowerAnswer): unknown {
  void reply.status(answer.status);
  if (answer.status >= 400) void reply.header('content-type', 'application/problem+json');
  return answer.body;
}

/** The operations API of the platform team: flows, health, queues and the audit; viewers look, operators also mend. */
@ApiTags('control-tower')
@ApiSecurity('controlTowerKey')
@Controller('api')
export class ControlTowerController {
  constructor(
    private readonly lower: LowerApis,
    private readonly clientApps: ClientApps,
    private readonly replay: ReplayDeadLetters,
  ) {}

  @Get('session')
  @ApiOperation({ summary: 'Who this key belongs to and what they may do' })
  session(@Req() request: FastifyRequest) {
    return personOf(request);
  }

  @Get('flows')
  @ApiOperation({
    summary: 'Flows of every workflow by business key, state and age (stuck for more than N minutes)',
  })
  async flows(@Query() query: FlowSearchQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const params = new URLSearchParams(
      Object.entries(query)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)] as [string, string]),
    );
    return relay(reply, await this.lower.orders(`flows?${params}`));
  }

  @Get('flows/:workflow/:flowId')
  @ApiOperation({ summary: 'One flow: timeline with backend document ids, postings, jobs, last error' })
  async flow(@Param() { workflow, flowId }: FlowParams, @Res({ passthrough: true }) reply: FastifyReply) {
    return relay(reply, await this.lower.orders(`flows/${workflow}/${encodeURIComponent(flowId)}`));
  }

  @Post('flows/:workflow/:flowId/release')
  @OperatorsOnly()
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Release a stuck flow's holds (operators): a pickup order is cancelled, a till's points hold voided, as their own release would; audited in process-orders with the move",
  })
  async releaseFlow(
    @Param() { workflow, flowId }: FlowParams,
    @Body() { reason }: ReleaseFlowBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return relay(
      reply,
      await this.lower.orders(`flows/${workflow}/${encodeURIComponent(flowId)}/release`, 'POST', {
        actor: personOf(request).person,
        reason,
      }),
    );
  }

  @Get('health')
  @ApiOperation({
    summary:
      "Each API's readiness and breakers (state, failures and refusals over the breaker's rolling window, last state change), the ERP posting throttle, and the client apps with their plans",
  })
  async health() {
    const [apps, postings] = await Promise.all([
      Promise.all([...SYSTEM_APIS, 'process-orders' as const].map((app) => this.lower.health(app))),
      this.lower.orders('erp-postings'),
    ]);
    return { apps, erpPostings: postings.status === 200 ? postings.body : null, ...this.clientApps.list() };
  }

  @Get('queues')
  @ApiOperation({
    summary: 'Depth, oldest age and dead letters (with reason) of every queue, and the ERP posting lag',
  })
  async queues(@Res({ passthrough: true }) reply: FastifyReply) {
    const [queues, postings] = await Promise.all([
      this.lower.orders('queues'),
      this.lower.orders('erp-postings'),
    ]);
    if (queues.status !== 200) return relay(reply, queues);
    const listed = (queues.body as { queues: { queue: string; deadLetters: number }[] }).queues;
    const withLetters = await Promise.all(
      listed.map(async (q) => {
        if (q.deadLetters === 0) return { ...q, letters: [] };
        const answer = await this.lower.orders(`dead-letters?queue=${encodeURIComponent(q.queue)}`);
        return {
          ...q,
          letters: answer.status === 200 ? (answer.body as { deadLetters: unknown[] }).deadLetters : [],
        };
      }),
    );
    return { queues: withLetters, erpPostings: postings.status === 200 ? postings.body : null };
  }

  @Post('dead-letters/:queue/:deadLetterId/replay')
  @OperatorsOnly()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Replay one dead letter (operators); refused as process-orders refuses it, e.g. while the ERP breaker is open',
  })
  async replayOne(
    @Param() { queue, deadLetterId }: DeadLetterParams,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return relay(reply, await this.replay.one(personOf(request), queue, deadLetterId));
  }

  @Post('dead-letters/:queue/replay-all')
  @OperatorsOnly()
  @HttpCode(202)
  @ApiOperation({ summary: 'Replay every dead letter of a queue (operators)' })
  async replayAll(
    @Param() { queue }: QueueParams,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return relay(reply, await this.replay.all(personOf(request), queue));
  }

  @Get('operator-actions')
  @ApiOperation({ summary: 'The audit: every operator action, who, what and when, newest first' })
  async operatorActions(@Res({ passthrough: true }) reply: FastifyReply) {
    return relay(reply, await this.lower.orders('operator-actions?limit=100'));
  }

  @Post('reconciliation-reports')
  @OperatorsOnly()
  @HttpCode(201)
  @ApiOperation({
    summary:
      "Reconcile a store's business date now (operators): flows against ERP documents and the loyalty ledger; the report is kept",
    description:
      'Operators only, as a run reads every document and ledger entry of the day from the ERP and the loyalty platform; viewers read the kept reports.',
  })
  async runReconciliation(
    @Body() body: RunReconciliationBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return relay(
      reply,
      await this.lower.orders('reconciliation-reports', 'POST', {
        ...body,
        requestedBy: personOf(request).person,
      }),
    );
  }

  @Get('reconciliation-reports')
  @ApiOperation({
    summary:
      'The kept reconciliation reports (on demand and daily), newest first, with differences counted per kind',
  })
  async reconciliationReports(
    @Query() query: ReconciliationReportsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const params = new URLSearchParams(
      Object.entries(query).filter(([, v]) => v !== undefined) as [string, string][],
    );
    return relay(reply, await this.lower.orders(`reconciliation-reports?${params}`));
  }

  @Get('reconciliation-reports/:reportId')
  @ApiOperation({
    summary: 'One reconciliation report: every difference with its kind and the flow it belongs to',
  })
  async reconciliationReport(
    @Param() { reportId }: ReconciliationReportParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return relay(reply, await this.lower.orders(`reconciliation-reports/${encodeURIComponent(reportId)}`));
  }
}
