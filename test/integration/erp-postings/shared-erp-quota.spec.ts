import { setTimeout as sleep } from 'node:timers/promises';
import { postingLedgerMigrations, SharedErpQuota } from '@omnigate/erp-postings';
import { migrate, type Database } from '@omnigate/persistence';
import { dropSchemas, openTestDatabase, uniqueSchema } from '../persistence/test-databases';

describe('the ERP quota shared by two replicas (postgres)', () => {
  const schema = uniqueSchema('quota');
  let replicas: Database[];

  beforeAll(async () => {
    // Two pools on one schema: what two replicas of process-orders hold.
    replicas = [await openTestDatabase('postgres', schema), await openTestDatabase('postgres', schema)];
    await migrate(replicas[0], postingLedgerMigrations);
  });
  afterAll(async () => {
    await Promise.all(replicas.map((db) => db.close()));
    await dropSchemas('postgres', schema);
  });

  const quotas = (limits: { maxConcurrency: number; maxRatePerS: number; leaseS?: number }) =>
    replicas.map((db) => new SharedErpQuota(db, { leaseS: 10, ...limits }));

  it('never lets both replicas together run more calls at once than the quota, nor start them faster than its rate', async () => {
    const [a, b] = quotas({ maxConcurrency: 3, maxRatePerS: 50 });
    await a.ensure();
    await b.ensure();
    let running = 0;
    let peak = 0;
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const quota = i % 2 === 0 ? a : b;
        const lease = await quota.acquire(30_000);
        if (!lease) throw new Error('no slot');
        running++;
        starts.push(Date.now());
        peak = Math.max(peak, running);
        await sleep(100);
        running--;
        await quota.release(lease, true);
      }),
    );
    expect(peak).toBe(3);
    // 40 starts at 50 per second take at least 39 gaps of 20 ms, whichever replica made them.
    starts.sort((x, y) => x - y);
    expect(starts[39] - starts[0]).toBeGreaterThanOrEqual(39 * 20 - 30);
    expect((await a.state()).inFlight).toBe(0);
  });

  it('halves the rate and pauses every replica on a 429, and gives a slot back once its lease expired', async () => {
    const [a, b] = quotas({ maxConcurrency: 1, maxRatePerS: 40, leaseS: 1 });
    await a.ensure();
    await a.tighten(1);
    expect(await b.state()).toMatchObject({ ratePerS: 20, pausedForMs: expect.any(Number) });
    expect((await b.state()).pausedForMs).toBeGreaterThan(500);
    // Paused: nothing admitted within the pause, on the other replica either.
    expect(await b.acquire(300)).toBeUndefined();
    const held = await b.acquire(5_000);
    expect(held).toBeDefined();
    // Its replica "died" holding the only slot: the other gets it once the lease ran out.
    const startedAt = Date.now();
    const taken = await a.acquire(5_000);
    expect(taken).toBeDefined();
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(500);
    await a.release(taken!, true);
    expect((await b.state()).ratePerS).toBe(21);
  });

  it('tells every replica the ERP refuses work until the Retry-After, and a success closes it', async () => {
    const [a, b] = quotas({ maxConcurrency: 2, maxRatePerS: 40 });
    await a.ensure();
    await a.markUnavailable(30, 'system-erp post document: in maintenance');
    expect(await b.state()).toMatchObject({
      erpUnavailableForMs: expect.any(Number),
      lastRefusal: 'system-erp post document: in maintenance',
    });
    expect((await b.state()).erpUnavailableForMs).toBeGreaterThan(25_000);
    const lease = await b.acquire(5_000);
    await b.release(lease!, true);
    expect((await a.state()).erpUnavailableForMs).toBe(0);
  });
});
