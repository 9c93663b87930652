import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { InternalCallers } from '@omnigate/auth';
import { JobQueue, QueuePauses } from '@omnigate/persistence';
import { Clock, WorkflowEngine } from '@omnigate/workflow';
import { FlowsRepository, type FlowSummary } from './flows.repository';
import { FlowNotFound } from './operations.errors';
import { pauseViewOf } from './pause-queue.usecase';

// Each pattern bounds its value's length; the documented maxLength is that bound.
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const STATE = /^[A-Z][A-Z_]{0,39}$/;
const WORKFLOW = /^[a-z][a-z0-9-]{0,49}$/;

export class FlowsQuery {
  @ApiPropertyOptional({
    description: 'A flow id or any business key: order id, member, store, sale key, return id, OMS order id',
    pattern: TOKEN.source,
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @Matches(TOKEN)
  key?: string;

  @ApiPropertyOptional({
    description: 'A state of the workflow, e.g. PLACED',
    pattern: STATE.source,
    maxLength: 40,
  })
  @IsOptional()
  @IsString()
  @Matches(STATE)
  state?: string;

  @ApiPropertyOptional({
    description:
      'Only stuck flows: not in a final state and unmoved this many minutes, or with a job failing for as long',
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: 525_600,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(525_600)
  stuckForMin?: number;

  @ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class FlowParams {
  @ApiProperty({ description: 'The workflow, e.g. pickup-order', pattern: WORKFLOW.source, maxLength: 50 })
  @IsString()
  @Matches(WORKFLOW)
  workflow!: string;

  @ApiProperty({ description: 'The flow id', pattern: TOKEN.source, maxLength: 100 })
  @IsString()
  @Matches(TOKEN)
  flowId!: string;
}

// Looking up the last error costs a query per queue and flow: only this many stuck flows get one.
const STUCK_WITH_ERRORS = 25;

/** Every workflow's flows, read only: search by business key, state and age, and one flow's timeline. */
@ApiTags('operations')
@InternalCallers('operator', 'control-tower')
@Controller('v1/ops/flows')
export class FlowsController {
  constructor(
    private readonly flows: FlowsRepository,
    private readonly workflows: WorkflowEngine,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  private finalStates(): string[] {
    return this.workflows.catalogue().flatMap((w) => w.finalStates.map((s) => `${w.workflow}:${s}`));
  }

  /** The jobs of a flow, newest last, and the error the latest failing one last threw. */
  private async jobsOf(flow: Pick<FlowSummary, 'workflow' | 'flowId'>) {
    const entry = this.workflows.catalogue().find((w) => w.workflow === flow.workflow);
    if (!entry) return { jobs: [], lastError: null };
    const data = { [entry.jobIdField]: flow.flowId };
    const jobs = (
      await Promise.all(
        entry.queues
          .flatMap((queue) => [queue, `${queue}.dead`])
          .map(async (queue) => (await this.jobs.jobsWith(queue, data)).map((j) => ({ queue, ...j }))),
      )
    )
      .flat()
      .sort((a, b) => a.createdOn.getTime() - b.createdOn.getTime());
    const failing = jobs.filter((j) => j.error && j.state !== 'completed').at(-1);
    return {
      jobs,
      lastError: failing
        ? {
            queue: failing.queue,
            state: failing.state,
            attempts: failing.attempts,
            message: failing.error!.message,
          }
        : null,
    };
  }

  /** Flows with a job retrying after failures, first enqueued at least `minutes` ago. */
  private async withFailingJobs(minutes: number): Promise<{ workflow: string; flowId: string }[]> {
    const before = this.clock.now().getTime() - minutes * 60_000;
    const found = await Promise.all(
      this.workflows
        .catalogue()
        .flatMap((w) =>
          w.queues.map(async (queue) =>
            (await this.jobs.failing<Record<string, unknown>>(queue))
              .filter(
                (j) =>
                  new Date(j.createdOn).getTime() <= before && typeof j.payload[w.jobIdField] === 'string',
              )
              .map((j) => ({ workflow: w.workflow, flowId: j.payload[w.jobIdField] as string })),
          ),
        ),
    );
    return found.flat();
  }

  @Get()
  @ApiOperation({
    summary:
      'Search the flows of every workflow by business key, state and age ("stuck for more than N minutes")',
  })
  async search(@Query() query: FlowsQuery) {
    const limit = query.limit ?? 50;
    const flows = await this.flows.search({ ...query, finalStates: this.finalStates(), limit });
    if (query.stuckForMin === undefined) return { flows };
    // Stuck is also a flow whose follow-up job keeps failing, whatever its state (a collected order whose completion fails).
    for (const failing of await this.withFailingJobs(query.stuckForMin)) {
      if (flows.length >= limit) break;
      if (flows.some((f) => f.workflow === failing.workflow && f.flowId === failing.flowId)) continue;
      const flow = await this.flows.find(failing.workflow, failing.flowId);
      if (
        flow &&
        (!query.state || flow.state === query.state) &&
        (!query.key || flow.flowId === query.key || Object.values(flow.keys).includes(query.key))
      )
        flows.push(flow);
    }
    const withErrors = await Promise.all(
      flows.map(async (flow, i) => ({
        ...flow,
        lastError: i < STUCK_WITH_ERRORS ? (await this.jobsOf(flow)).lastError : null,
      })),
    );
    return { flows: withErrors };
  }

  @Get(':workflow/:flowId')
  @ApiOperation({
    summary: 'One flow: its state, business keys, timeline with backend document ids, ERP postings and jobs',
  })
  async one(@Param() { workflow, flowId }: FlowParams) {
    const flow = await this.flows.find(workflow, flowId);
    if (!flow) throw new FlowNotFound('No flow of this workflow has this id');
    const [timeline, postings, { jobs, lastError }] = await Promise.all([
      this.flows.timeline(workflow, flowId),
      this.flows.postings(workflow, flowId),
      this.jobsOf(flow),
    ]);
    const finalState = this.finalStates().includes(`${workflow}:${flow.state}`);
    const releasable = this.workflows
      .catalogue()
      .some((w) => w.workflow === workflow && w.releasableFrom.includes(flow.state));
    return { ...flow, finalState, releasable, timeline, postings, jobs, lastError };
  }
}

/** Every queue operators mend: jobs due and how long the longest has waited, jobs scheduled for later, dead letters, and its pause. */
@ApiTags('operations')
@InternalCallers('operator', 'control-tower')
@Controller('v1/ops/queues')
export class QueuesController {
  constructor(
    private readonly jobs: JobQueue,
    private readonly pauses: QueuePauses,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Jobs due and the oldest wait, jobs scheduled for later, dead letters, and the pause (by, reason, since) of every queue',
  })
  async queues() {
    const now = this.clock.now().getTime();
    const names = this.jobs.queues();
    const pauses = new Map((await this.pauses.list()).map((p) => [p.queue, pauseViewOf(p)]));
    const queues = await Promise.all(
      names.map(async (queue) => {
        const [{ depth, oldestDueAt, scheduled }, dead] = await Promise.all([
          this.jobs.waiting(queue),
          this.jobs.listDeadLetters(queue, 1000),
        ]);
        return {
          queue,
          depth,
          oldestAgeS: oldestDueAt ? Math.max(0, Math.floor((now - oldestDueAt.getTime()) / 1000)) : null,
          scheduled,
          deadLetters: dead.length,
          paused: pauses.get(queue) ?? null,
        };
      }),
    );
    return { queues };
  }
}
