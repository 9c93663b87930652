import { setTimeout as sleep } from 'node:timers/promises';
import type { PgBoss } from 'pg-boss';
import {
  JobQueue,
  QueuePauses,
  migrate,
  queuePauseMigrations,
  startJobQueue,
  type Database,
} from '@omnigate/persistence';
import { BACKENDS, dropSchemas, eventually, openTestDatabase, uniqueSchema } from './test-databases';

const CHECK_MS = 100;
// Workers poll every 0.5 s; a paused queue is watched this long (several checks and polls) to show nothing runs.
const FAST = { pollingIntervalS: 0.5 };
const QUIET_MS = 10 * CHECK_MS + 1_000;

describe.each(BACKENDS)('pausing a JobQueue queue on %s', (backend) => {
  const schema = uniqueSchema('pauses');
  const bossSchema = uniqueSchema('boss');
  let db: Database;
  let boss: PgBoss;
  let queue: JobQueue;
  let pauses: QueuePauses;

  beforeAll(async () => {
    db = await openTestDatabase(backend, schema);
    await migrate(db, queuePauseMigrations);
    pauses = new QueuePauses(db);
    boss = await startJobQueue(db, { schema: bossSchema });
    queue = new JobQueue(boss);
    await queue.followPauses(pauses, CHECK_MS, db);
  });
  afterAll(async () => {
    await queue.stop();
    await db.close();
    await dropSchemas(backend, schema, bossSchema);
  });

  const send = (name: string, saleId: string) => db.transaction((tx) => queue.send(tx, name, { saleId }));
  const stateOf = async (name: string, id: string) => (await boss.findJobs(name, { id }))[0];

  it('follows a pause written by another replica: jobs wait untouched, then run once on resume', async () => {
    await queue.createQueue('paused-by-peer', { retryLimit: 0 });
    const worked: string[] = [];
    await queue.work<{ saleId: string }>('paused-by-peer', { ...FAST, localConcurrency: 3 }, async (job) => {
      worked.push(job.payload.saleId);
    });
    const first = await send('paused-by-peer', 'before');
    await eventually(() => worked.includes('before'));

    // Written straight to the table, as another replica's operator would: only the watcher tells this one.
    await pauses.pause('paused-by-peer', 'ops.lead', 'ERP month-end close');
    await sleep(3 * CHECK_MS + 200);
    const waiting = await send('paused-by-peer', 'while-paused');
    await sleep(QUIET_MS);
    expect(worked).toEqual(['before']);
    // Not fetched at all: neither started nor failed, its one and only attempt still ahead of it.
    expect(await stateOf('paused-by-peer', waiting)).toMatchObject({ state: 'created', retryCount: 0 });
    expect(await queue.listDeadLetters('paused-by-peer')).toEqual([]);
    expect((await stateOf('paused-by-peer', first))?.state).toBe('completed');

    await pauses.resume('paused-by-peer');
    await eventually(() => worked.length === 2);
    await eventually(async () => (await stateOf('paused-by-peer', waiting))?.state === 'completed');
    await sleep(QUIET_MS);
    expect(worked).toEqual(['before', 'while-paused']);
  });

  it('never works a queue that was paused before its workers were registered', async () => {
    await queue.createQueue('paused-at-start');
    await pauses.pause('paused-at-start', 'ops.lead', 'hold until the migration is done');
    await queue.checkPauses();
    // Queued before the workers are registered: a worker that started would fetch it at once.
    const waiting = await send('paused-at-start', 'sale-1');
    const worked: string[] = [];
    await queue.work<{ saleId: string }>('paused-at-start', FAST, async (job) => {
      worked.push(job.payload.saleId);
    });
    await sleep(QUIET_MS);
    expect(worked).toEqual([]);
    expect(await stateOf('paused-at-start', waiting)).toMatchObject({ state: 'created', retryCount: 0 });

    await pauses.resume('paused-at-start');
    await queue.checkPauses();
    await eventually(() => worked.length === 1);
    expect(worked).toEqual(['sale-1']);
  });

  it('lets a job that is running when its queue is paused finish, and starts no other', async () => {
    await queue.createQueue('running-when-paused');
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    const finished: string[] = [];
    await queue.work<{ saleId: string }>('running-when-paused', FAST, async (job) => {
      started.push(job.payload.saleId);
      if (job.payload.saleId === 'long') await released;
      finished.push(job.payload.saleId);
    });
    const long = await send('running-when-paused', 'long');
    await eventually(() => started.includes('long'));

    await pauses.pause('running-when-paused', 'ops.lead', 'stop after this one');
    await queue.checkPauses();
    const next = await send('running-when-paused', 'next');
    release();
    await eventually(async () => (await stateOf('running-when-paused', long))?.state === 'completed');
    await sleep(QUIET_MS);
    expect(started).toEqual(['long']);
    expect(finished).toEqual(['long']);
    expect(await stateOf('running-when-paused', next)).toMatchObject({ state: 'created', retryCount: 0 });

    await pauses.resume('running-when-paused');
    await queue.checkPauses();
    await eventually(() => finished.length === 2);
    expect(finished).toEqual(['long', 'next']);
  });

  it('starts one worker for a work() call made while a pause check is under way, so a pause stops all of it', async () => {
    await queue.createQueue('worked-during-check');
    const started: string[] = [];
    // A check already queued when work() registers the queue: between them they start it once.
    const check = queue.checkPauses();
    await queue.work<{ saleId: string }>('worked-during-check', FAST, async (job) => {
      started.push(job.payload.saleId);
    });
    await check;

    await pauses.pause('worked-during-check', 'ops.lead', 'stock count');
    await queue.checkPauses();
    const waiting = await send('worked-during-check', 'while-paused');
    await sleep(QUIET_MS);
    expect(started).toEqual([]);
    // Not even fetched: a second worker the pause did not know of would have fetched it and handed it back.
    expect(await stateOf('worked-during-check', waiting)).toMatchObject({ state: 'created', retryCount: 0 });

    await pauses.resume('worked-during-check');
    await queue.checkPauses();
    await eventually(() => started.length === 1);
    expect(started).toEqual(['while-paused']);
  });

  it('answers the pause in force when a paused queue is paused again, and nothing when a running one is resumed', async () => {
    const first = await pauses.pause('twice', 'ops.lead', 'first reason');
    const again = await pauses.pause('twice', 'someone.else', 'second reason');
    expect(again).toEqual(first);
    expect(first).toMatchObject({ queue: 'twice', pausedBy: 'ops.lead', reason: 'first reason' });
    expect(await pauses.resume('twice')).toEqual(first);
    expect(await pauses.resume('twice')).toBeNull();
    expect((await pauses.list()).map((p) => p.queue)).not.toContain('twice');
  });
});

describe.each(BACKENDS)('a replica whose watcher has not yet seen a pause, on %s', (backend) => {
  // This replica reads the pauses every 4 s, the first time as each test starts (a replica of its
  // own each): the pause each test makes, as another replica would, lands between two reads.
  const LAGGING_CHECK_MS = 4_000;
  let schema: string;
  let bossSchema: string;
  let db: Database;
  let boss: PgBoss;
  let queue: JobQueue;
  let pauses: QueuePauses;

  beforeEach(async () => {
    [schema, bossSchema] = [uniqueSchema('pauses'), uniqueSchema('boss')];
    db = await openTestDatabase(backend, schema);
    await migrate(db, queuePauseMigrations);
    pauses = new QueuePauses(db);
    boss = await startJobQueue(db, { schema: bossSchema });
    queue = new JobQueue(boss);
    await queue.followPauses(pauses, LAGGING_CHECK_MS, db);
  });
  afterEach(async () => {
    await queue.stop();
    await db.close();
    await dropSchemas(backend, schema, bossSchema);
  });

  /** Waits until the worker has handed `fetched` back (that attempt ended, unrun) and answers the one job queued again for it. */
  const handedBackCopyOf = async (name: string, fetched: string) => {
    await eventually(async () => (await boss.findJobs(name, { id: fetched }))[0]?.state === 'completed');
    const [copy, ...others] = (await boss.findJobs<{ saleId: string }>(name, { queued: true })).filter(
      (j) => j.id !== fetched,
    );
    expect(others).toEqual([]);
    return copy;
  };

  it('hands back, untouched, the jobs its workers fetch meanwhile, and runs them once after the resume', async () => {
    await queue.createQueue('paused-between-checks', { retryLimit: 0 });
    const worked: string[] = [];
    await queue.work<{ saleId: string }>('paused-between-checks', FAST, async (job) => {
      worked.push(job.payload.saleId);
    });
    await pauses.pause('paused-between-checks', 'ops.lead', 'ERP month-end close');
    const fetched = await db.transaction((tx) =>
      queue.send(tx, 'paused-between-checks', { saleId: 'sale-1' }),
    );
    // Its worker fetches the job within a poll and hands it back: that attempt ends, unrun, and the
    // job waits again as it was, its one attempt still ahead of it.
    const handedBack = await handedBackCopyOf('paused-between-checks', fetched);
    expect(handedBack).toMatchObject({ data: { saleId: 'sale-1' }, state: 'created', retryCount: 0 });
    await sleep(QUIET_MS);
    expect(worked).toEqual([]);

    await pauses.resume('paused-between-checks');
    await eventually(() => worked.length === 1, 3 * LAGGING_CHECK_MS);
    await sleep(QUIET_MS);
    expect(worked).toEqual(['sale-1']);
    expect(await queue.listDeadLetters('paused-between-checks')).toEqual([]);
  });

  it('hands back a job that failed before the pause with the retries it has left, not fresh ones, and dead-letters it at its limit', async () => {
    // Three attempts in all; the ERP refuses every one.
    await queue.createQueue('retried-across-a-pause', { retryLimit: 2, retryDelay: 0 });
    const attempts: string[] = [];
    await queue.work<{ saleId: string }>('retried-across-a-pause', FAST, async (job) => {
      attempts.push(job.id);
      // Another replica's operator pauses the queue as the first attempt fails: its retry, due at
      // once, is fetched before this replica's watcher reads the pause again, and handed back.
      if (attempts.length === 1) await pauses.pause('retried-across-a-pause', 'ops.lead', 'ERP outage');
      throw new Error('ERP refused the posting');
    });
    const sent = await db.transaction((tx) => queue.send(tx, 'retried-across-a-pause', { saleId: 'sale-1' }));
    const handedBack = await handedBackCopyOf('retried-across-a-pause', sent);
    // One attempt used before the pause: one retry of two left.
    expect(handedBack).toMatchObject({ data: { saleId: 'sale-1' }, state: 'created', retryLimit: 1 });
    expect(attempts).toEqual([sent]);

    await pauses.resume('retried-across-a-pause');
    await queue.checkPauses();
    await eventually(
      async () => (await queue.countDeadLetters('retried-across-a-pause')) === 1,
      3 * LAGGING_CHECK_MS,
    );
    await sleep(QUIET_MS);
    // The first attempt, then the handed-back job's two: three, as the queue allows; none more.
    expect(attempts).toEqual([sent, handedBack.id, handedBack.id]);
  });
});
