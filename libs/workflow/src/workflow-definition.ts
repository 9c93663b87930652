import type { Posting, PostingKind } from '@omnigate/contracts';
import type { Caller } from './request-context';

/**
 * Who may make a move, as data the engine checks against the request context: which kinds of
 * caller, and whether the caller's store or member binding must be the instance's.
 */
export interface MoveGuard {
  /** Kinds of caller allowed; any when absent. `job` alone marks a move only the app's own jobs make. */
  callers?: readonly Caller['kind'][];
  /** The caller's store (context or command) must be the instance's store. */
  store?: 'bound';
  /** A caller bound to a member may move only that member's instances. */
  member?: 'bound';
}

/** What entering a state writes in the same transaction as the move. */
export interface MoveEffects<J extends string> {
  /** Jobs to run now. */
  jobs?: readonly NoInfer<J>[];
  /** Timeouts to start: their job runs once the timeout's duration has passed. */
  timeouts?: readonly string[];
  /** ERP documents to post, built by the definition's `posting`. */
  postings?: readonly PostingKind[];
  /**
   * ERP documents of earlier moves to take back: voided while still waiting in the ledger, reversed
   * (negated lines, referencing the original) once the ERP holds them.
   */
  reversals?: readonly PostingKind[];
}

/** One move: from which states, to which, the timeline step it writes, who may make it, what it starts. */
export interface MoveDefinition<S extends string, J extends string> {
  from: readonly NoInfer<S>[];
  to: NoInfer<S>;
  step: string;
  /** How the step reads in the timeline: `compensated` for a move that undoes (an interrupted placement cancelled); `done` when absent. */
  outcome?: 'done' | 'compensated';
  guard?: MoveGuard;
  effects?: MoveEffects<J>;
}

/** A workflow as data: everything the engine needs to run its moves, jobs and timeouts. */
export interface WorkflowDefinition<
  S extends string = string,
  M extends string = string,
  J extends string = string,
  I = unknown,
> {
  /** Names the problem slugs (`illegal-<name>-transition`), the idempotent resource, the postings' source type and the queues' prefix. */
  name: string;
  states: readonly S[];
  /** The state an instance is created in, the step that records it, and what creating it starts. */
  initial: { state: NoInfer<S>; step: string; effects?: MoveEffects<J> };
  moves: Readonly<Record<M, MoveDefinition<S, J>>>;
  /** Named sets of states (the states holding stock, ...): the one place such a set is written. */
  stateSets: Readonly<Record<string, readonly NoInfer<S>[]>>;
  /** Queues of the workflow's follow-up work, by job name; every payload is the instance id and the correlation id. */
  jobs: Readonly<Record<J, { queue: string }>>;
  /** Timeouts by name: the job each one runs; durations come from configuration when the workflow is registered. */
  timeouts: Readonly<Record<string, { job: NoInfer<J> }>>;
  /** The payload field carrying the instance id in the workflow's jobs. */
  jobIdField: string;
  /** The instance fields (a dotted path, `keys.storeId`) the store and member guards compare with the caller's bindings. */
  bindings?: { store?: string; member?: string };
  /**
   * The move a person of the platform team makes to release a stuck flow's holds (stock, points):
   * guarded for operators alone, with the same effects as the customer's or the till's own release.
   * Absent when the workflow holds nothing for anybody.
   */
  operatorRelease?: NoInfer<M>;
  /**
   * The ERP document of a posting effect, or its pages when one document would pass the ERP's limits
   * (see `postingPagesOf`); each id must be derived from the instance, so scheduling it twice finds
   * one posting.
   */
  posting?: (instance: I, kind: PostingKind, at: Date) => Posting | readonly Posting[];
}

/** A definition that contradicts itself (a move to an unknown state, a timeout without a job). */
export class InvalidWorkflowDefinition extends Error {
  constructor(workflow: string, problems: string[]) {
    super(`Workflow ${workflow} is invalid: ${problems.join('; ')}`);
  }
}

/** Checks a definition once, where it is written, so a mistake stops the start instead of a request. */
export function defineWorkflow<S extends string, M extends string, J extends string, I>(
  definition: WorkflowDefinition<S, M, J, I>,
): WorkflowDefinition<S, M, J, I> {
  const problems: string[] = [];
  const states = new Set<string>(definition.states);
  const jobs = new Set<string>(Object.keys(definition.jobs));
  const isState = (state: string, where: string) =>
    states.has(state) || problems.push(`${where} names unknown state ${state}`);
  const checkEffects = (effects: MoveEffects<J> | undefined, where: string) => {
    for (const job of effects?.jobs ?? [])
      if (!jobs.has(job)) problems.push(`${where} starts unknown job ${job}`);
    for (const timeout of effects?.timeouts ?? [])
      if (!(timeout in definition.timeouts)) problems.push(`${where} starts unknown timeout ${timeout}`);
    if ((effects?.postings?.length ?? 0) + (effects?.reversals?.length ?? 0) > 0 && !definition.posting)
      problems.push(`${where} posts to the ERP but the workflow builds no posting`);
  };
  if (states.size !== definition.states.length) problems.push('a state is listed twice');
  isState(definition.initial.state, 'the initial state');
  checkEffects(definition.initial.effects, 'creation');
  for (const [name, move] of Object.entries<MoveDefinition<S, J>>(definition.moves)) {
    move.from.forEach((state) => isState(state, `move ${name}`));
    isState(move.to, `move ${name}`);
    if (move.from.length === 0) problems.push(`move ${name} starts from no state`);
    checkEffects(move.effects, `move ${name}`);
  }
  if (definition.operatorRelease !== undefined) {
    const release = definition.moves[definition.operatorRelease] as MoveDefinition<S, J> | undefined;
    if (!release) problems.push(`the operator release names unknown move ${definition.operatorRelease}`);
    else if (release.guard?.callers?.join() !== 'operator')
      problems.push(`the operator release ${definition.operatorRelease} must admit operators alone`);
  }
  for (const [name, set] of Object.entries(definition.stateSets))
    set.forEach((state) => isState(state, `state set ${name}`));
  for (const [name, timeout] of Object.entries(definition.timeouts))
    if (!jobs.has(timeout.job)) problems.push(`timeout ${name} runs unknown job ${timeout.job}`);
  const queues = Object.values<{ queue: string }>(definition.jobs).map((j) => j.queue);
  for (const queue of queues)
    if (!queue.startsWith(`${definition.name}.`))
      problems.push(`queue ${queue} is not named ${definition.name}.<job>`);
  if (new Set(queues).size !== queues.length) problems.push('a queue serves two jobs');
  if (problems.length > 0) throw new InvalidWorkflowDefinition(definition.name, problems);
  return definition;
}
