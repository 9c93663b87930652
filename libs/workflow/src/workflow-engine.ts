import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ErpPostingGovernor, PostingLedger } from '@omnigate/erp-postings';
import { runWithRequestContext } from '@omnigate/observability';
import { Database, JobQueue, type SqlExecutor, together } from '@omnigate/persistence';
import { Clock } from './clock';
import { InstanceStore, type InstanceTables, type WorkflowInstance } from './instance-store';
import { jobContext, type RequestContext } from './request-context';
import { NothingToRelease, UnknownWorkflow } from './stuck-flow-release.errors';
import { Workflow, type WorkflowSettings } from './workflow';
import type { WorkflowDefinition } from './workflow-definition';

/** How every workflow job is retried before it is dead-lettered: from the app's configuration. */
export interface WorkflowJobPolicy {
  /** Retries after the first attempt. */
  retryLimit: number;
  /** Longest pause between two attempts (the pause doubles from one second). */
  maxRetryDelayS: number;
  /** An attempt still running after this long counts as failed (a replica died holding it). */
  attemptTimeoutS: number;
}
export const WORKFLOW_JOB_POLICY = Symbol('WORKFLOW_JOB_POLICY');

/**
 * Registers the app's workflows, and runs their jobs: each job queue is created with the configured
 * retry policy and a dead letter queue, and worked by the handlers its workflow bound. When an ERP
 * posting of a workflow lands, the instance's timeline notes the ERP document id.
 */
@Injectable()
export class WorkflowEngine implements OnApplicationBootstrap {
  private readonly workflows: Workflow<WorkflowInstance>[] = [];

  constructor(
    private readonly db: Database,
    private readonly jobs: JobQueue,
    private readonly ledger: PostingLedger,
    private readonly governor: ErpPostingGovernor,
    private readonly clock: Clock,
    @Inject(WORKFLOW_JOB_POLICY) private readonly policy: WorkflowJobPolicy,
  ) {}

  register<I extends WorkflowInstance<S>, S extends string, M extends string, J extends string>(
    definition: WorkflowDefinition<S, M, J, I>,
    tables: InstanceTables<I>,
    settings: Omit<WorkflowSettings, 'idOf'> & { idOf: (instance: I) => string },
  ): Workflow<I, S, M, J> {
    if (this.workflows.some((w) => w.name === definition.name))
      throw new Error(`Workflow ${definition.name} is registered twice`);
    const workflow = new Workflow<I, S, M, J>(
      definition,
      new InstanceStore(this.db, tables),
      settings as WorkflowSettings,
      {
        jobs: this.jobs,
        ledger: this.ledger,
        clock: this.clock,
      },
    );
    this.workflows.push(workflow as unknown as Workflow<WorkflowInstance>);
    if (definition.posting) {
      this.governor.onPosted(definition.name, (tx, posting, erpDocumentId) => {
        const step = `erp-${posting.kind.toLowerCase()}-${posting.reverses ? 'reversal-' : ''}posted`;
        // Sent together, run in turn: the entry is numbered after every entry committed before the lock.
        return together([
          workflow.lock(tx, posting.sourceId),
          workflow.record(tx, posting.sourceId, step, 'done', {
            postingId: posting.postingId,
            erpDocumentId,
            ...(posting.reverses && { reverses: posting.reverses }),
          }),
        ]);
      });
    }
    return workflow;
  }

  /** Every job queue of every registered workflow: what operators may list and replay. */
  queues(): string[] {
    return this.workflows.flatMap((w) =>
      Object.values<{ queue: string }>(w.definition.jobs).map((j) => j.queue),
    );
  }

  /** What operators search flows by: each workflow's name, its queues, the payload field naming the instance, and the states nothing leaves. */
  catalogue(): {
    workflow: string;
    queues: string[];
    jobIdField: string;
    finalStates: string[];
    /** States from which an operator may release a flow's holds; none when the workflow holds nothing. */
    releasableFrom: readonly string[];
  }[] {
    return this.workflows.map(({ definition }) => {
      const left = new Set(
        Object.values<{ from: readonly string[] }>(definition.moves).flatMap((m) => m.from),
      );
      return {
        workflow: definition.name,
        queues: Object.values<{ queue: string }>(definition.jobs).map((j) => j.queue),
        jobIdField: definition.jobIdField,
        finalStates: definition.states.filter((s) => !left.has(s)),
        releasableFrom:
          definition.operatorRelease === undefined ? [] : definition.moves[definition.operatorRelease].from,
      };
    });
  }

  /**
   * Releases a stuck flow's holds for an operator, in `tx`: the workflow's operator release move,
   * with its effects (the release jobs, the ERP reversals), and the operator's reason in the
   * timeline. 409 when the workflow holds nothing or the flow is past releasing.
   */
  async releaseStuckFlow(
    tx: SqlExecutor,
    ctx: RequestContext,
    command: { workflow: string; flowId: string; actor: string; reason: string },
  ): Promise<{ state: string }> {
    const workflow = this.workflows.find((w) => w.name === command.workflow);
    if (!workflow) throw new UnknownWorkflow(this.workflows.map((w) => w.name));
    const move = workflow.definition.operatorRelease;
    if (move === undefined) throw new NothingToRelease(command.workflow);
    const moved = await workflow.move(tx, ctx, await workflow.lock(tx, command.flowId), move, {
      detail: { actor: command.actor, reason: command.reason },
    });
    return { state: moved.state };
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const workflow of this.workflows) {
      const handlers = workflow.handlers();
      for (const [job, { queue }] of Object.entries<{ queue: string }>(workflow.definition.jobs)) {
        const handle = handlers[job];
        if (!handle) throw new Error(`Workflow ${workflow.name} binds no handler to job ${job}`);
        await this.jobs.createQueue(queue, {
          retryLimit: this.policy.retryLimit,
          retryDelay: 1,
          retryBackoff: true,
          retryDelayMax: this.policy.maxRetryDelayS,
          expireInSeconds: this.policy.attemptTimeoutS,
        });
        await this.jobs.work<Record<string, string>>(
          queue,
          { batchSize: 8, pollingIntervalS: 0.5 },
          ({ payload }) =>
            runWithRequestContext({ correlationId: payload.correlationId }, () =>
              handle(
                jobContext(payload.correlationId, workflow.name),
                payload[workflow.definition.jobIdField],
              ),
            ),
        );
      }
    }
  }
}
