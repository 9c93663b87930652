import type { PgBoss } from 'pg-boss';
import { JobQueue, startJobQueue, type Database, type QueuedJob } from '@omnigate/persistence';
import { BACKENDS, dropSchemas, eventually, openTestDatabase, uniqueSchema } from './test-databases';

interface PostSale {
  saleId: string;
  correlationId: string;
}

const FAST = { pollingIntervalS: 0.5 };

describe.each(BACKENDS)('JobQueue on %s', (backend) => {
  const schema = uniqueSchema('jobs');
  const bossSchema = uniqueSchema('boss');
  let db: Database;
  let boss: PgBoss;
  let queue: JobQueue;

  beforeAll(async () => {
    db = await openTestDatabase(backend, schema);
    await db.query('CREATE TABLE sales (sale_id text PRIMARY KEY, state text NOT NULL)');
    boss = await startJobQueue(db, { schema: bossSchema });
    queue = new JobQueue(boss);
  });
  afterAll(async () => {
    await queue.stop();
    await db.close();
    await dropSchemas(backend, schema, bossSchema);
  });

  async function recordSale(saleId: string, queueName: string): Promise<string> {
    return db.transaction(async (tx) => {
      await tx.query(`INSERT INTO sales VALUES ($1, 'ACCEPTED')`, [saleId]);
      return queue.send<PostSale>(tx, queueName, { saleId, correlationId: `corr-${saleId}` });
    });
  }

  it('lists the queues it created with dead letters, in order, and not one without', async () => {
    const own = new JobQueue(boss);
    await own.createQueue('listed-first');
    await own.createQueue('not-listed', { deadLetter: false });
    await own.createQueue('listed-second');
    await own.createQueue('listed-first');
    expect(own.queues()).toEqual(['listed-first', 'listed-second']);
  });

  it('leaves neither the state change nor its job when the transaction rolls back', async () => {
    await queue.createQueue('rolled-back');
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO sales VALUES ('sale-rb', 'ACCEPTED')`);
        await queue.send<PostSale>(tx, 'rolled-back', { saleId: 'sale-rb', correlationId: 'c' });
        throw new Error('reservation failed');
      }),
    ).rejects.toThrow('reservation failed');

    expect(await db.query(`SELECT 1 FROM sales WHERE sale_id = 'sale-rb'`)).toEqual([]);
    expect(await boss.findJobs('rolled-back')).toEqual([]);
  });

  it('works a committed job exactly once', async () => {
    await queue.createQueue('post-sale');
    const jobId = await recordSale('sale-1', 'post-sale');
    const seen: QueuedJob<PostSale>[] = [];
    await queue.work<PostSale>('post-sale', { ...FAST, localConcurrency: 3 }, async (job) => {
      seen.push(job);
    });

    await eventually(async () => (await boss.findJobs('post-sale', { id: jobId }))[0]?.state === 'completed');
    // A later job, once worked, proves the worker polled again after the first completed: a second
    // delivery of the older job would have been fetched by then (jobs are fetched oldest first).
    const laterId = await recordSale('sale-2', 'post-sale');
    await eventually(
      async () => (await boss.findJobs('post-sale', { id: laterId }))[0]?.state === 'completed',
    );
    expect(seen).toEqual([
      {
        id: jobId,
        queue: 'post-sale',
        payload: { saleId: 'sale-1', correlationId: 'corr-sale-1' },
        attempt: 1,
      },
      {
        id: laterId,
        queue: 'post-sale',
        payload: { saleId: 'sale-2', correlationId: 'corr-sale-2' },
        attempt: 1,
      },
    ]);
  });

  it('retries a failing job, then dead-letters it with its last error, and replays it on request', async () => {
    await queue.createQueue('post-to-erp', { retryLimit: 2, retryDelay: 0 });
    await recordSale('sale-dlq', 'post-to-erp');
    let healthy = false;
    const attempts: number[] = [];
    await queue.work<PostSale>('post-to-erp', FAST, async (job) => {
      attempts.push(job.attempt);
      if (!healthy) throw new Error(`ERP refused ${job.payload.saleId} (attempt ${job.attempt})`);
    });

    await eventually(async () => (await queue.listDeadLetters('post-to-erp')).length === 1);
    const [dead] = await queue.listDeadLetters<PostSale>('post-to-erp');
    expect(attempts).toEqual([1, 2, 3]);
    expect(dead).toMatchObject({
      queue: 'post-to-erp',
      payload: { saleId: 'sale-dlq', correlationId: 'corr-sale-dlq' },
      attempts: 3,
      error: { name: 'Error', message: 'ERP refused sale-dlq (attempt 3)' },
    });

    healthy = true;
    expect(await queue.replayDeadLetter('post-to-erp', dead.id)).toBe(true);
    await eventually(() => attempts.length === 4);
    expect(await queue.listDeadLetters('post-to-erp')).toEqual([]);
    expect(await queue.replayDeadLetter('post-to-erp', dead.id)).toBe(false);
  });

  it('keeps a queued job across a restart of the queue and works it afterwards', async () => {
    await queue.createQueue('survives');
    const jobId = await recordSale('sale-restart', 'survives');
    await queue.stop();
    if (backend === 'postgres') {
      // A real restart: the app's pool goes too. (An in-memory PGlite would take the data with it.)
      await db.close();
      db = await openTestDatabase(backend, schema);
    }

    boss = await startJobQueue(db, { schema: bossSchema });
    queue = new JobQueue(boss);
    const worked: string[] = [];
    await queue.work<PostSale>('survives', FAST, async (job) => {
      worked.push(job.id);
    });
    await eventually(() => worked.length === 1);
    expect(worked).toEqual([jobId]);
  });
});
