import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { InternalCallers } from '@omnigate/auth';
import { ERP_POSTINGS_QUEUE } from '@omnigate/erp-postings';
import { JobQueue } from '@omnigate/persistence';
import { DomainError } from '@omnigate/problems';
import { WorkflowEngine } from '@omnigate/workflow';
import { FlowsRepository, type FlowSummary } from './flows.repository';

const TOKEN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export class FlowsQuery {
  /** A flow id or any business key: order id, member, store, sale key, return id, OMS order id. */
  @IsOptional() @IsString() @Matches(TOKEN)
  key?: string;

  @IsOptional() @IsString() @Matches(/^[A-Z][A-Z_]{0,39}$/)
  state?: string;

  /** Only stuck flows: not in a final state and unmoved this many minutes, or with a job failing for as long. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(525_600)
  stuckForMin?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;
}

class FlowParams {
  @IsString() @Matches(/^[a-z][a-z0-9-]{0,49}$/)
  workflow!: string;

  @IsString() @Matches(TOKEN)
  flowId!: string;
}

class FlowNotFound extends DomainError {
  readonly type = 'flow-not-found';
  override readonly kind = 'not-found';
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
      await Promise.all(entry.queues.flatMap((queue) => [queue, `${queue}.dead`]).map(async (queue) => (await this.jobs.jobsWith(queue, data)).map((j) => ({ queue, ...j }))))
    )
      .flat()
      .sort((a, b) => a.createdOn.getTime() - b.createdOn.getTime());
    const failing = jobs.filter((j) => j.error && j.state !== 'completed').at(-1);
    return { jobs, lastError: failing ? { queue: failing.queue, state: failing.state, attempts: failing.attempts, message: failing.error!.message } : null };
  }

  /** Flows with a job retrying after failures, first enqueued at least `minutes` ago. */
  private async withFailingJobs(minutes: number): Promise<{ workflow: string; flowId: string }[]> {
    const before = Date.now() - minutes * 60_000;
    const found = await Promise.all(
      this.workflows.catalogue().flatMap((w) =>
        w.queues.map(async (queue) =>
          (await this.jobs.failing<Record<string, unknown>>(queue))
            .filter((j) => new Date(j.createdOn).getTime() <= before && typeof j.payload[w.jobIdField] === 'string')
            .map((j) => ({ workflow: w.workflow, flowId: j.payload[w.jobIdField] as string })),
        ),
      ),
    );
    return found.flat();
  }

  @Get()
  @ApiOperation({ summary: 'Search the flows of every workflow by business key, state and age ("stuck for more than N minutes")' })
  async search(@Query() query: FlowsQuery) {
    const limit = query.limit ?? 50;
    const flows = await this.flows.search({ ...query, finalStates: this.finalStates(), limit });
    if (query.stuckForMin === undefined) return { flows };
    // Stuck is also a flow whose follow-up job keeps failing, whatever its state (a collected order whose completion fails).
    for (const failing of await this.withFailingJobs(query.stuckForMin)) {
      if (flows.length >= limit) break;
      if (flows.some((f) => f.workflow === failing.workflow && f.flowId === failing.flowId)) continue;
      const flow = await this.flows.find(failing.workflow, failing.flowId);
      if (flow && (!query.state || flow.state === query.state) && (!query.key || flow.flowId === query.key || Object.values(flow.keys).includes(query.key)))
        flows.push(flow);
    }
    const withErrors = await Promise.all(
      flows.map(async (flow, i) => ({ ...flow, lastError: i < STUCK_WITH_ERRORS ? (await this.jobsOf(flow)).lastError : null })),
    );
    return { flows: withErrors };
  }

  @Get(':workflow/:flowId')
  @ApiOperation({ summary: "One flow: its state, business keys, timeline with backend document ids, ERP postings and jobs" })
  async one(@Param() { workflow, flowId }: FlowParams) {
    const flow = await this.flows.find(workflow, flowId);
    if (!flow) throw new FlowNotFound('No flow of this workflow has this id');
    const [timeline, postings, { jobs, lastError }] = await Promise.all([
      this.flows.timeline(workflow, flowId),
      this.flows.postings(workflow, flowId),
      this.jobsOf(flow),
    ]);
    const finalState = this.finalStates().includes(`${workflow}:${flow.state}`);
    return { ...flow, finalState, timeline, postings, jobs, lastError };
  }
}

/** Every queue operators mend: jobs due and how long the longest has waited, jobs scheduled for later, and dead letters. */
@ApiTags('operations')
@InternalCallers('operator', 'control-tower')
@Controller('v1/ops/queues')
export class QueuesController {
  constructor(
    private readonly workflows: WorkflowEngine,
    private readonly jobs: JobQueue,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Jobs due and the oldest wait, jobs scheduled for later, and dead letters of every queue' })
  async queues() {
    const now = Date.now();
    const names = [ERP_POSTINGS_QUEUE, ...this.workflows.queues()];
    const queues = await Promise.all(
      names.map(async (queue) => {
        const [{ depth, oldestDueAt, scheduled }, dead] = await Promise.all([this.jobs.waiting(queue), this.jobs.listDeadLetters(queue, 1000)]);
        return {
          queue,
          depth,
          oldestAgeS: oldestDueAt ? Math.max(0, Math.floor((now - oldestDueAt.getTime()) / 1000)) : null,
          scheduled,
          deadLetters: dead.length,
        };
      }),
    );
    return { queues };
  }
}
