import { ErpPostingGovernor, type ErpPostingsPort, PostingLedger } from '@omnigate/erp-postings';
import { type Database, JobQueue, migrate, openDatabase, startJobQueue } from '@omnigate/persistence';
import { type RequestContext, WorkflowEngine } from '@omnigate/workflow';
import { MovableClock } from '@omnigate/workflow/testing';
import { processOrdersMigrations } from './migrations';
import { ProcessOrdersConfig } from './process-orders.config';

/**
 * process-orders' persistence for unit specs: PGlite in memory with every migration, pg-boss on it
 * (jobs are written, no worker takes them), the posting ledger, and the workflow engine on a
 * movable clock. The ERP is never called: postings are only scheduled (a spec that starts the
 * governor's workers gives it the ERP it calls, `erp`).
 */
export interface ProcessOrdersFixture {
  db: Database;
  jobs: JobQueue;
  ledger: PostingLedger;
  /** Not started: its workers run only if a spec calls `onApplicationBootstrap()`. */
  governor: ErpPostingGovernor;
  engine: WorkflowEngine;
  clock: MovableClock;
  config: ProcessOrdersConfig;
  /** How many jobs on `queue` carry `data` (an id field), due now or later. */
  queued(queue: string, data: object): Promise<number>;
  close(): Promise<void>;
}

/** The settings of a spec: the defaults of {@link ProcessOrdersConfig} with `overrides`. */
export function processOrdersConfig(overrides: Partial<ProcessOrdersConfig> = {}): ProcessOrdersConfig {
  return Object.assign(new ProcessOrdersConfig(), overrides);
}

export async function openProcessOrdersFixture(
  definitions: { jobs: Readonly<Record<string, { queue: string }>> }[],
  config = processOrdersConfig(),
  erp: ErpPostingsPort = { post: () => Promise.reject(new Error('no ERP in a unit spec')) },
): Promise<ProcessOrdersFixture> {
  const db = await openDatabase({});
  await migrate(db, processOrdersMigrations);
  const boss = await startJobQueue(db, { schema: 'jobs' });
  const jobs = new JobQueue(boss);
  for (const definition of definitions)
    for (const { queue } of Object.values(definition.jobs)) await jobs.createQueue(queue);
  await jobs.createQueue('erp-postings');
  const ledger = new PostingLedger(db, jobs);
  const governor = new ErpPostingGovernor(db, jobs, ledger, erp, {
    maxConcurrency: 1,
    maxRatePerS: 1,
    retryBudgetH: 1,
    maxRetryDelayS: 1,
    attemptTimeoutS: 5,
  });
  const clock = new MovableClock();
  const engine = new WorkflowEngine(db, jobs, ledger, governor, clock, {
    retryLimit: 0,
    maxRetryDelayS: 1,
    attemptTimeoutS: 5,
  });
  return {
    db,
    jobs,
    ledger,
    governor,
    engine,
    clock,
    config,
    queued: async (queue, data) => (await jobs.jobsWith(queue, data)).length,
    close: async () => {
      await jobs.stop();
      await db.close();
    },
  };
}

/** A member's storefront request (bound to the member, as the experience layer forwards it). */
export const memberCtx = (memberId: string, clientAppId = 'web-shop'): RequestContext => ({
  correlationId: `corr-${memberId}`,
  caller: { kind: 'internal', clientAppId, channel: 'storefront-web', memberId },
});

/** A store device's request, bound to its store. */
export const storeCtx = (storeId: string): RequestContext => ({
  correlationId: `corr-${storeId}`,
  caller: { kind: 'internal', clientAppId: 'pos-app', channel: 'pos', storeId },
});

/** The app's own job runner. */
export const jobCtx = (): RequestContext => ({
  correlationId: 'corr-job',
  caller: { kind: 'job', clientAppId: 'web-shop' },
});

/** What `promise` was rejected with (undefined when it was not). */
export const refusalOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/** Resolves once `condition` holds, checked every 50 ms for at most 10 s: for what a spec's job workers do. */
export async function eventually(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
