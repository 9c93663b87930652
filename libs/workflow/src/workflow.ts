import type { IdempotentResource } from '@omnigate/idempotency';
import { type JobQueue, type SqlExecutor, together } from '@omnigate/persistence';
import type { PostingLedger } from '@omnigate/erp-postings';
import type { DomainError } from '@omnigate/problems';
import type { Posting, PostingKind } from '@omnigate/contracts';
import type { Clock } from './clock';
import { IllegalTransition, MoveNotAllowed } from './illegal-transition';
import type { InstanceStore, TimelineEvent, TimelineStep, WorkflowInstance } from './instance-store';
import type { RequestContext } from './request-context';
import type { MoveDefinition, MoveEffects, WorkflowDefinition } from './workflow-definition';

/** What a job handler of a workflow receives: the context of the request that scheduled it, and the instance id. */
export type JobHandler = (ctx: RequestContext, instanceId: string) => Promise<void>;

/** How a workflow is run in an app: its timeouts' durations (from configuration) and its not-found answer. */
export interface WorkflowSettings {
  timeoutsS: Readonly<Record<string, number>>;
  notFound: () => DomainError;
  /** The instance's id, as the store and the jobs know it. */
  idOf: (instance: never) => string;
}

/** Extra writes of a move: the facts the step learned, the timeline detail, a receipt kept with the idempotency binding. */
export interface MoveOptions<I> {
  facts?: Partial<I> | Record<string, unknown>;
  detail?: Record<string, unknown>;
  receipt?: Record<string, string>;
}

/** The value at a binding's dotted path (`keys.storeId`) of an instance. */
function boundValue(instance: object, path: string | undefined): unknown {
  return path
    ?.split('.')
    .reduce<unknown>((value, field) => (value as Record<string, unknown> | undefined)?.[field], instance);
}

/**
 * One registered workflow: creates and moves its instances as its definition allows, writing each
 * move's timeline step, idempotency binding and effects (jobs, timeouts, ERP postings) in the
 * transaction of the move, so they exist only if the move commits.
 */
export class Workflow<
  I extends WorkflowInstance<S>,
  S extends string = I['state'],
  M extends string = string,
  J extends string = string,
> {
  private jobHandlers?: Readonly<Record<J, JobHandler>>;

  constructor(
    readonly definition: WorkflowDefinition<S, M, J, I>,
    readonly store: InstanceStore<I>,
    private readonly settings: WorkflowSettings,
    private readonly deps: { jobs: JobQueue; ledger: PostingLedger; clock: Clock },
  ) {
    const missing = Object.keys(definition.timeouts).filter((t) => !(settings.timeoutsS[t] > 0));
    if (missing.length > 0)
      throw new Error(`Workflow ${definition.name} has no duration for timeouts ${missing.join(', ')}`);
  }

  get name(): string {
    return this.definition.name;
  }

  idOf(instance: I): string {
    return (this.settings.idOf as (i: I) => string)(instance);
  }

  /** The states of a named set, as written once in the definition. */
  states(set: string): readonly S[] {
    const states = this.definition.stateSets[set];
    if (!states) throw new Error(`Workflow ${this.name} has no state set ${set}`);
    return states;
  }

  isIn(instance: I, set: string): boolean {
    return this.states(set).includes(instance.state);
  }

  /** The resource an Idempotency-Key is bound to when a write creates or moves this instance. */
  resource(instanceId: string, receipt?: Record<string, string>): IdempotentResource {
    return { type: this.name, id: instanceId, ...(receipt && { receipt }) };
  }

  async get(instanceId: string, tx?: SqlExecutor): Promise<I> {
    const instance = await this.store.find(instanceId, tx);
    if (!instance) throw this.settings.notFound();
    return instance;
  }

  /** The instance, locked until the transaction ends. */
  async lock(tx: SqlExecutor, instanceId: string): Promise<I> {
    const instance = await this.store.lock(tx, instanceId);
    if (!instance) throw this.settings.notFound();
    return instance;
  }

  timeline(instanceId: string): Promise<TimelineEvent[]> {
    return this.store.timeline(instanceId);
  }

  /** Records a new instance in its initial state, binds the request's key to it, and starts what creation starts. */
  async create(
    tx: SqlExecutor,
    ctx: RequestContext,
    instance: I,
    options: Omit<MoveOptions<I>, 'facts'> = {},
  ): Promise<void> {
    const { initial } = this.definition;
    if (instance.state !== initial.state)
      throw new IllegalTransition(this.name, instance.state, initial.state);
    const id = this.idOf(instance);
    // The instance, the key's binding and what creation starts depend on none of each other's answers.
    await together([
      this.store.insert(tx, instance, { step: initial.step, outcome: 'done', detail: options.detail ?? {} }),
      ctx.idempotencyClaim?.bind(tx, this.resource(id, options.receipt)),
      this.enter(tx, ctx, instance, initial.effects),
    ]);
  }

  /**
   * Makes move `move` on a locked instance: refused when the caller may not make it (403), or when
   * the instance is not in a state it starts from (409 with the current state). Returns the instance as moved.
   */
  async move(
    tx: SqlExecutor,
    ctx: RequestContext,
    instance: I,
    move: M,
    options: MoveOptions<I> = {},
  ): Promise<I> {
    const definition: MoveDefinition<S, J> = this.definition.moves[move];
    this.authorize(ctx, instance, definition);
    if (!definition.from.includes(instance.state))
      throw new IllegalTransition(this.name, instance.state, definition.to);
    const id = this.idOf(instance);
    const moved = await this.store.update(tx, id, options.facts ?? {}, definition.to, {
      step: definition.step,
      outcome: definition.outcome ?? 'done',
      detail: options.detail ?? {},
    });
    await together([
      ctx.idempotencyClaim?.bind(tx, this.resource(id, options.receipt)),
      this.enter(tx, ctx, moved, definition.effects),
    ]);
    return moved;
  }

  /** Whether `move` starts from the instance's state (for work that only makes sense while it still could). */
  mayMove(instance: I, move: M): boolean {
    return this.definition.moves[move].from.includes(instance.state);
  }

  /** Records what a step learned (backend ids) without a move and, with `step`, the step in the timeline too. */
  async learn(
    tx: SqlExecutor,
    instanceId: string,
    facts: Partial<I> | Record<string, unknown>,
    step?: TimelineStep,
  ): Promise<void> {
    await this.store.update(tx, instanceId, facts, undefined, step);
  }

  /** Adds a step to the timeline that is no move: a backend call done, compensated or failed. */
  record(
    tx: SqlExecutor,
    instanceId: string,
    step: string,
    outcome: TimelineEvent['outcome'],
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    return this.store.addEvent(tx, instanceId, step, outcome, detail);
  }

  /** Schedules job `job` for the instance in `tx`; its payload is the instance id and the correlation id only. */
  async schedule(
    tx: SqlExecutor,
    ctx: RequestContext,
    job: J,
    instanceId: string,
    startAfterS?: number,
  ): Promise<void> {
    await this.deps.jobs.send(
      tx,
      this.definition.jobs[job].queue,
      { [this.definition.jobIdField]: instanceId, correlationId: ctx.correlationId },
      startAfterS === undefined ? {} : { startAfterS },
    );
  }

  /** Binds each job of the workflow to what runs it; the engine starts the workers once every workflow is bound. */
  handle(handlers: Readonly<Record<J, JobHandler>>): void {
    this.jobHandlers = handlers;
  }

  /** The bound handlers; a job without one stops the start. */
  handlers(): Readonly<Record<J, JobHandler>> {
    if (!this.jobHandlers) throw new Error(`Workflow ${this.name} has no job handlers bound`);
    return this.jobHandlers;
  }

  /**
   * Refuses a store other than the one the instance is bound to (its definition's `bindings.store`)
   * before any move is tried, e.g. by a guard that runs ahead of idempotency; unknown: not found.
   */
  async assertBoundToStore(instanceId: string, storeId: string): Promise<void> {
    const instance = await this.get(instanceId);
    if (storeId !== boundValue(instance, this.definition.bindings?.store))
      throw new MoveNotAllowed(this.name, 'store');
  }

  private authorize(ctx: RequestContext, instance: I, move: MoveDefinition<S, J>): void {
    const guard = move.guard;
    if (!guard) return;
    if (guard.callers && !guard.callers.includes(ctx.caller.kind))
      throw new MoveNotAllowed(this.name, 'caller');
    if (guard.store && ctx.caller.storeId !== boundValue(instance, this.definition.bindings?.store))
      throw new MoveNotAllowed(this.name, 'store');
    if (
      guard.member &&
      ctx.caller.memberId !== undefined &&
      ctx.caller.memberId !== boundValue(instance, this.definition.bindings?.member)
    ) {
      throw new MoveNotAllowed(this.name, 'member');
    }
  }

  /** Schedules a move's effects in `tx`, all sent together: none needs another's answer. */
  private async enter(
    tx: SqlExecutor,
    ctx: RequestContext,
    instance: I,
    effects: MoveEffects<J> | undefined,
  ): Promise<void> {
    if (!effects) return;
    const id = this.idOf(instance);
    const { correlationId } = ctx;
    // Built before any statement is sent: a definition that throws here leaves none on its way.
    const postings = (effects.postings ?? []).flatMap((kind) => this.postingsOf(instance, kind));
    const reversed = (effects.reversals ?? []).flatMap((kind) => this.postingsOf(instance, kind));
    await together([
      ...(effects.jobs ?? []).map((job) => this.schedule(tx, ctx, job, id)),
      ...(effects.timeouts ?? []).map((timeout) =>
        this.schedule(tx, ctx, this.definition.timeouts[timeout].job, id, this.settings.timeoutsS[timeout]),
      ),
      ...postings.map((posting) => this.deps.ledger.schedule(tx, posting, correlationId)),
      ...reversed.map(({ postingId }) => this.deps.ledger.reverse(tx, postingId, correlationId)),
    ]);
  }

  /** The ERP documents (one, or its pages) the definition builds for a posting of `kind`. */
  private postingsOf(instance: I, kind: PostingKind): readonly Posting[] {
    const built = this.definition.posting!(instance, kind, this.deps.clock.now());
    return Array.isArray(built) ? built : [built as Posting];
  }
}
