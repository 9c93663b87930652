import { Logger } from '@nestjs/common';
import type { JobWithMetadata, PgBoss } from 'pg-boss';
import type { Database } from './database';
import { pgBossDbOf } from './pg-boss-db';
import type { QueuePauses } from './queue-pauses';
import { PREPARED, type SqlExecutor } from './sql-executor';

/** Retry and dead-letter policy of a queue. */
export interface QueueSettings {
  /** Retries after the first attempt before the job is dead-lettered. */
  retryLimit?: number;
  /** Seconds between retries (the base delay when `retryBackoff`). */
  retryDelay?: number;
  /** Doubles the delay on each retry, with jitter. */
  retryBackoff?: boolean;
  /** Longest delay between retries with `retryBackoff`, in seconds. */
  retryDelayMax?: number;
  /** Seconds an attempt may run before it counts as failed. */
  expireInSeconds?: number;
  /** Moves a job that used up its retries to `<queue>.dead`; on unless `false`. */
  deadLetter?: boolean;
  /** `stately`: at most one queued and one running job per singleton key (pg-boss policy); `standard` when absent. */
  policy?: 'standard' | 'stately';
}

/** When and how a job may start. */
export interface EnqueueOptions {
  /** Seconds to wait before the job may run. */
  startAfterS?: number;
  /** At most one queued job per key. */
  singletonKey?: string;
  priority?: number;
  /** Retries after the first attempt, when not the queue's: a job queued again keeps only those it has left. */
  retryLimit?: number;
}

/** How a worker fetches. */
export interface WorkSettings {
  /** Jobs fetched per poll; each is settled on its own. */
  batchSize?: number;
  /** Pollers of this queue in this process. */
  localConcurrency?: number;
  /** Seconds between polls when the queue is idle (at least 0.5). */
  pollingIntervalS?: number;
}

/** One job as its handler receives it. */
export interface QueuedJob<T> {
  id: string;
  queue: string;
  payload: T;
  /** 1 on the first run, 2 on the first retry, ... */
  attempt: number;
}

/** Does a job's work; throwing fails this attempt. */
export type JobHandler<T> = (job: QueuedJob<T>) => Promise<void>;

/** The error a job's handler last threw. */
export interface JobFailure {
  name?: string;
  message: string;
  stack?: string;
}

/** A job that used up its retries, waiting in `<queue>.dead` for a replay. */
export interface DeadLetter<T = unknown> {
  /** Id of the dead letter, the one to replay. */
  id: string;
  queue: string;
  /** Id the job had in its own queue. */
  sourceJobId: string | null;
  payload: T;
  error: JobFailure | null;
  attempts: number;
  deadLetteredAt: Date;
}

/**
 * Thrown by a handler when retrying cannot help (the backend refused the work for good, or its time
 * ran out): the job goes to the dead letter queue at once, with this error as its reason.
 */
export class DeadLetterNow extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadLetterNow';
  }
}

/** The job's attempt was no longer this worker's when it tried to reschedule it (it expired and was retried). */
export class JobClaimLost extends Error {
  constructor(queue: string, jobId: string) {
    super(`Job ${jobId} of ${queue} is no longer claimed by this worker`);
    this.name = 'JobClaimLost';
  }
}

/** Name of the queue holding `queue`'s dead letters. */
export function deadLetterQueueOf(queue: string): string {
  return `${queue}.dead`;
}

function failureOf(error: unknown): JobFailure {
  return error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { message: String(error) };
}

/** One `work()` call, kept so that a pause can take its workers off and a resume put them back. */
interface WorkRegistration {
  queue: string;
  start: () => Promise<string>;
  /** pg-boss's id of the workers this call runs; null while the queue is paused here. */
  workId: string | null;
}

/** Durable jobs on the app's database (pg-boss), scheduled inside the caller's transaction. */
export class JobQueue {
  private readonly logger = new Logger('JobQueue');
  private readonly registrations: WorkRegistration[] = [];
  /** The queues created here with a dead letter queue, in creation order. */
  private readonly withDeadLetters = new Set<string>();
  private paused: ReadonlySet<string> = new Set();
  /** Starts and stops of workers run one after another, so a check never races a `work()` or another check. */
  private changes: Promise<void> = Promise.resolve();
  private pauses?: { table: QueuePauses; db: Database; checkMs: number };
  private pauseTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly boss: PgBoss,
    private readonly stopTimeoutMs = 10_000,
  ) {}

  /**
   * Every queue created here with a dead letter queue (workflow jobs, ERP postings, reconciliation),
   * in creation order: what operators list, pause and replay, with no list kept by hand.
   */
  queues(): string[] {
    return [...this.withDeadLetters];
  }

  /** Creates (or updates) `queue` and, unless turned off, its dead letter queue. */
  async createQueue(queue: string, settings: QueueSettings = {}): Promise<void> {
    const { deadLetter = true, ...policy } = settings;
    if (deadLetter) {
      this.withDeadLetters.add(queue);
      // Dead letters wait for a person, so they are kept as long as pg-boss allows rather than its 14 days.
      await this.boss.createQueue(deadLetterQueueOf(queue), { retentionSeconds: 365 * 24 * 3600 });
    }
    await this.boss.createQueue(queue, {
      ...policy,
      ...(deadLetter && { deadLetter: deadLetterQueueOf(queue) }),
    });
    // pg-boss looks an uncached queue up on its own connection; from inside a caller's PGlite
    // transaction that waits forever, so the queue is put in its cache now, outside any transaction.
    await this.boss.getJobById(queue, '00000000-0000-0000-0000-000000000000');
  }

  /**
   * Enqueues a job through `tx`, so it exists only if the caller's transaction commits. The queue
   * must have been created first (pg-boss looks unknown queues up outside the transaction).
   */
  async send<T extends object>(
    tx: SqlExecutor,
    queue: string,
    payload: T,
    options: EnqueueOptions = {},
  ): Promise<string> {
    // pg-boss validates an option as soon as its key is present, so unset ones are left out entirely.
    const id = await this.boss.send(queue, payload, {
      // Every workflow move sends jobs: the insert is prepared once per connection (it returns only `id`).
      db: pgBossDbOf(tx, PREPARED),
      ...(options.startAfterS !== undefined && { startAfter: options.startAfterS }),
      ...(options.singletonKey !== undefined && { singletonKey: options.singletonKey }),
      ...(options.priority !== undefined && { priority: options.priority }),
      ...(options.retryLimit !== undefined && { retryLimit: options.retryLimit }),
    });
    if (id === null)
      throw new Error(
        `Queue ${queue} refused the job (singleton key ${options.singletonKey} already queued)`,
      );
    return id;
  }

  /**
   * Sends `payload` to `queue` on a cron schedule read in UTC (the queue must exist). pg-boss's cron
   * pass on any replica sends it, once per due time however many replicas run; a due time missed
   * while every replica was down is sent once when one is back.
   */
  async schedule<T extends object>(queue: string, cron: string, payload: T): Promise<void> {
    await this.boss.schedule(queue, cron, payload, { tz: 'UTC', missed: 'once' });
  }

  /** Stops sending `queue`'s scheduled jobs (none scheduled is fine). */
  async unschedule(queue: string): Promise<void> {
    await this.boss.unschedule(queue);
  }

  /**
   * Runs `handler` for each job of `queue`; a job whose handler throws is retried, then dead-lettered.
   * While `queue` is paused (see {@link followPauses}) no worker of it runs here, and its jobs wait.
   */
  async work<T>(queue: string, settings: WorkSettings, handler: JobHandler<T>): Promise<void> {
    const registration: WorkRegistration = {
      queue,
      start: () => this.startWorkers(queue, settings, handler),
      workId: null,
    };
    // Registered in turn with the checks: a check already under way would start the same workers
    // again, and the second set, its id lost, would poll on through every pause.
    await this.serially(async () => {
      this.registrations.push(registration);
      if (!this.stopped && !this.paused.has(queue)) registration.workId = await registration.start();
    });
  }

  /**
   * Keeps this replica's workers off the queues `pauses` lists: reads it now (so a queue paused
   * before the start is never worked), then every `checkMs`, so every replica takes its workers off
   * a paused queue within that interval. Until it has, each batch a worker fetches is checked
   * against the table first, and a paused queue's jobs are handed back untouched: once a pause is
   * answered no replica starts a job of that queue, and no job uses a retry for it. A job already
   * running when the pause is made runs to its end.
   */
  async followPauses(pauses: QueuePauses, checkMs: number, db: Database): Promise<void> {
    this.pauses = { table: pauses, db, checkMs };
    await this.checkPauses();
    const next = () => {
      this.pauseTimer = setTimeout(() => {
        // An unreadable list (the database is away) leaves the workers as they are: no pause is lost
        // and none invented; the next check tries again.
        this.checkPauses()
          .catch((error: Error) => this.logger.warn(`queue pauses not checked: ${error.message}`))
          .finally(() => {
            if (!this.stopped) next();
          });
      }, checkMs);
      this.pauseTimer.unref();
    };
    next();
  }

  /** Reads the paused queues now and starts or stops this replica's workers to match (after a pause or resume made here). */
  async checkPauses(): Promise<void> {
    const pauses = this.pauses;
    if (!pauses) return;
    // Read in turn too: a read that began before a resume can never be applied after it.
    await this.serially(async () => {
      const paused = new Set((await pauses.table.list()).map((p) => p.queue));
      this.paused = paused;
      if (this.stopped) return;
      for (const registration of this.registrations) {
        if (paused.has(registration.queue) && registration.workId !== null) {
          const id = registration.workId;
          registration.workId = null;
          // Not waited for: a job already fetched runs to its end while the check goes on.
          await this.boss.offWork(registration.queue, { id, wait: false });
        } else if (!paused.has(registration.queue) && registration.workId === null) {
          registration.workId = await registration.start();
        }
      }
    });
  }

  private serially(change: () => Promise<void>): Promise<void> {
    const done = this.changes.then(change);
    this.changes = done.catch(() => undefined);
    return done;
  }

  private startWorkers<T>(queue: string, settings: WorkSettings, handler: JobHandler<T>): Promise<string> {
    return this.boss.work<T>(
      queue,
      {
        batchSize: settings.batchSize ?? 1,
        localConcurrency: settings.localConcurrency ?? 1,
        pollingIntervalSeconds: settings.pollingIntervalS ?? 2,
        // A full batch means a backlog: fetch again at once instead of waiting out the polling interval.
        burstWhenBatchFull: true,
        perJobResults: true,
      },
      async (jobs) => {
        // Fetched before this replica saw a pause: handed back rather than run.
        if (this.pauses && (await this.pauses.table.isPaused(queue))) {
          await this.handBack(queue, jobs);
          this.logger.warn(
            `${jobs.length} job(s) of paused queue ${queue} fetched before this replica saw the pause: handed back`,
          );
          void this.checkPauses().catch(() => undefined);
          return jobs.map((job) => ({ id: job.id, status: 'completed' as const }));
        }
        return Promise.all(
          jobs.map(async (job) => {
            try {
              await handler({ id: job.id, queue, payload: job.data, attempt: job.retryCount + 1 });
              return { id: job.id, status: 'completed' as const };
            } catch (error) {
              const status = error instanceof DeadLetterNow ? ('deadletter' as const) : ('failed' as const);
              return { id: job.id, status, output: failureOf(error) };
            }
          }),
        );
      },
    );
  }

  /**
   * Queues each of `jobs` (fetched from a paused queue) again as it was, its key, priority and the
   * retries it has left kept (a job that failed before the pause does not start its retries over),
   * to be fetched after the next pause check; the fetched attempt ends in the same transaction.
   */
  private async handBack(queue: string, jobs: { id: string; retryCount: number }[]): Promise<void> {
    const { db, checkMs } = this.pauses!;
    for (const fetched of jobs) {
      await db
        .transaction(async (tx) => {
          const job = await this.boss.getJobById<object>(queue, fetched.id, { db: pgBossDbOf(tx) });
          if (!job) return;
          await this.requeue(tx, queue, fetched, job.data, {
            startAfterS: Math.ceil(checkMs / 1000),
            ...(job.singletonKey && { singletonKey: job.singletonKey }),
            priority: job.priority,
            retryLimit: Math.max(0, job.retryLimit - job.retryCount),
          });
        })
        // Expired meanwhile and another worker's now: that worker's batch is checked in turn.
        .catch((error: unknown) => {
          if (!(error instanceof JobClaimLost)) throw error;
        });
    }
  }

  /**
   * Ends this attempt of `job` and queues the job again to start after `startAfterS`, in `tx`: the
   * new job starts with its retries untouched, and the two never coexist. Throws {@link JobClaimLost}
   * (rolling `tx` back) when the attempt had already expired and is someone else's.
   */
  async reschedule<T extends object>(
    tx: SqlExecutor,
    job: QueuedJob<T>,
    startAfterS: number,
    options: Omit<EnqueueOptions, 'startAfterS'> = {},
  ): Promise<string> {
    return this.requeue(tx, job.queue, { id: job.id, retryCount: job.attempt - 1 }, job.payload, {
      ...options,
      startAfterS,
    });
  }

  /** Completes the fetched attempt `{ id, retryCount }` and sends `payload` again, both in `tx`. */
  private async requeue(
    tx: SqlExecutor,
    queue: string,
    attempt: { id: string; retryCount: number },
    payload: object,
    options: EnqueueOptions,
  ): Promise<string> {
    // Fenced to this attempt: a job that expired and was fetched again is not completed from here.
    const completed = (await this.boss.complete(queue, attempt as never, null, {
      db: pgBossDbOf(tx),
    })) as {
      affected?: number;
    };
    if (completed.affected !== 1) throw new JobClaimLost(queue, attempt.id);
    return this.send(tx, queue, payload, options);
  }

  /** Dead letters of `queue`, oldest first. */
  async listDeadLetters<T = unknown>(queue: string, limit = 100): Promise<DeadLetter<T>[]> {
    const jobs: JobWithMetadata<T>[] = await this.boss.findJobs<T>(deadLetterQueueOf(queue), {
      queued: true,
      limit,
    });
    return jobs.map((job) => ({
      id: job.id,
      queue,
      sourceJobId: job.sourceId,
      payload: job.data,
      error: (job.sourceOutput as JobFailure | null) ?? null,
      attempts: (job.sourceRetryCount ?? 0) + 1,
      deadLetteredAt: job.createdOn,
    }));
  }

  /** Sends dead letter `deadLetterId` back to `queue` with fresh retries (in `tx` when given); false when there is no such dead letter. */
  async replayDeadLetter(queue: string, deadLetterId: string, tx?: SqlExecutor): Promise<boolean> {
    const moved = await this.boss.redrive(deadLetterQueueOf(queue), {
      ids: [deadLetterId],
      destination: queue,
      ...(tx && { db: pgBossDbOf(tx) }),
    });
    return moved === 1;
  }

  /** Sends dead letters `ids` (every one when absent) back to `queue` with fresh retries, in `tx` when given; answers how many moved. */
  async replayDeadLetters(queue: string, ids?: string[], tx?: SqlExecutor): Promise<number> {
    if (ids?.length === 0) return 0;
    return this.boss.redrive(deadLetterQueueOf(queue), {
      destination: queue,
      limit: Math.max(1_000, ids?.length ?? 0),
      ...(ids && { ids }),
      ...(tx && { db: pgBossDbOf(tx) }),
    });
  }

  /** How many dead letters wait in `queue`'s dead letter queue. */
  async countDeadLetters(queue: string): Promise<number> {
    // The preview reads what a redrive of everything would move: every queued dead letter, without moving one.
    return (await this.boss.previewRedrive(deadLetterQueueOf(queue), { limit: 100_000, destination: queue }))
      .total;
  }

  /**
   * For operators: how many jobs of `queue` are due (created or retrying, their start time passed) and
   * since when the longest-waiting one has been due, and how many are scheduled for later (timeouts).
   */
  async waiting(
    queue: string,
    limit = 10_000,
  ): Promise<{ depth: number; oldestDueAt: Date | null; scheduled: number }> {
    const now = Date.now();
    const jobs = await this.boss.findJobs(queue, { queued: true, limit });
    const due = jobs.filter((job) => new Date(job.startAfter).getTime() <= now);
    const oldest = due.reduce<Date | null>(
      (min, job) => (min === null || new Date(job.startAfter) < min ? new Date(job.startAfter) : min),
      null,
    );
    return { depth: due.length, oldestDueAt: oldest, scheduled: jobs.length - due.length };
  }

  /** Jobs of `queue` waiting for another attempt after failing, with their payload, first enqueue time and last error. */
  async failing<T = unknown>(
    queue: string,
    limit = 1_000,
  ): Promise<{ payload: T; createdOn: Date; error: JobFailure | null }[]> {
    const jobs = await this.boss.findJobs<T>(queue, { queued: true, limit });
    return jobs
      .filter((job) => job.state === 'retry')
      .map((job) => ({
        payload: job.data,
        createdOn: job.createdOn,
        error: (job.output as JobFailure | null) ?? null,
      }));
  }

  /** The jobs of `queue` whose payload holds `data`, oldest first, with their state and the error they last failed with. */
  async jobsWith(
    queue: string,
    data: object,
  ): Promise<{ id: string; state: string; attempts: number; error: JobFailure | null; createdOn: Date }[]> {
    const jobs = await this.boss.findJobs(queue, { data, limit: 100 });
    return jobs.map((job) => ({
      id: job.id,
      state: job.state,
      attempts: job.retryCount + 1,
      // pg-boss keeps a failed attempt's output on the job; a completed job's output is its result.
      error:
        job.state === 'completed'
          ? null
          : (job.output as JobFailure | null)?.message
            ? (job.output as JobFailure)
            : null,
      createdOn: job.createdOn,
    }));
  }

  /**
   * Stops fetching, lets running jobs finish within the stop timeout (then fails the rest, so they are
   * retried elsewhere), and closes pg-boss's connections.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pauseTimer);
    await this.changes;
    await this.boss.stop({ graceful: true, timeout: this.stopTimeoutMs });
  }
}
