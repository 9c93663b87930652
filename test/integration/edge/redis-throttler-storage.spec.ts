import {
  InMemoryThrottlerStorage,
  RedisThrottlerStorage,
  degradedDecisionsCounter,
} from '@omnigate/rate-limit';
import { type RedisConnection, openRedis } from '@omnigate/redis';
import { Registry } from 'prom-client';
import { REDIS_TOPOLOGIES, type TestRedis, startTestRedis } from '../../support/test-redis';
import { uniqueKeyPrefix } from './edge-redis';

const N = 40;

describe.each(REDIS_TOPOLOGIES)('RedisThrottlerStorage across replicas (%s Redis)', (topology) => {
  const prefix = uniqueKeyPrefix('edge-throttler-storage');
  let testRedis: TestRedis;
  let connections: RedisConnection[];
  let replicaA: RedisThrottlerStorage;
  let replicaB: RedisThrottlerStorage;

  beforeAll(async () => {
    testRedis = await startTestRedis(topology);
    // Two connections stand for two replicas of an app sharing one Redis.
    connections = await Promise.all([1, 2].map(() => openRedis(testRedis.settings(), 'rate-limit')));
    const degradedCounter = degradedDecisionsCounter(new Registry());
    replicaA = new RedisThrottlerStorage(connections[0], { keyPrefix: prefix, degradedCounter });
    replicaB = new RedisThrottlerStorage(connections[1], { keyPrefix: prefix, degradedCounter });
  });

  afterAll(async () => {
    connections?.forEach((c) => c.disconnect());
    await testRedis?.stop(prefix);
  });

  it('allows exactly N of 3N concurrent hits split over two replicas', async () => {
    const records = await Promise.all(
      Array.from({ length: 3 * N }, (_, i) =>
        (i % 2 === 0 ? replicaA : replicaB).increment('app-concurrent', 60_000, N, 60_000, 'sustained'),
      ),
    );
    expect(records.filter((r) => !r.isBlocked)).toHaveLength(N);
    expect(
      records.filter((r) => r.isBlocked).every((r) => r.totalHits === N && r.timeToBlockExpire >= 59),
    ).toBe(true);
    expect(replicaA.isDegraded || replicaB.isDegraded).toBe(false);
  });

  it('counts no refused hit and hands back a released one', async () => {
    for (let i = 0; i < 3; i++)
      expect((await replicaA.increment('app-burst', 30_000, 3, 30_000, 'burst')).isBlocked).toBe(false);
    for (let i = 0; i < 5; i++)
      expect(await replicaB.increment('app-burst', 30_000, 3, 30_000, 'burst')).toMatchObject({
        isBlocked: true,
        totalHits: 3,
      });
    expect(await connections[0].get(`${prefix}rl:{app-burst}:burst:30`)).toBe('3');
    await replicaB.release('app-burst', 30_000, 'burst');
    expect(await connections[0].get(`${prefix}rl:{app-burst}:burst:30`)).toBe('2');
    expect(await replicaA.increment('app-burst', 30_000, 3, 30_000, 'burst')).toMatchObject({
      isBlocked: false,
      totalHits: 3,
    });
  });

  it('starts a window over once it has passed, and releases nothing into the next one', async () => {
    await replicaA.increment('app-reset', 1_000, 2, 1_000, 'burst');
    await replicaB.increment('app-reset', 1_000, 2, 1_000, 'burst');
    expect((await replicaA.increment('app-reset', 1_000, 2, 1_000, 'burst')).isBlocked).toBe(true);
    const key = `${prefix}rl:{app-reset}:burst:1`;
    // Wait for Redis to end the window (poll its clock, not ours).
    for (
      const deadline = Date.now() + 3_000;
      (await connections[0].exists(key)) === 1 && Date.now() < deadline;
    )
      await new Promise((r) => setTimeout(r, 50));
    await replicaA.release('app-reset', 1_000, 'burst');
    expect(await connections[0].exists(key)).toBe(0);
    expect(await replicaB.increment('app-reset', 1_000, 2, 1_000, 'burst')).toMatchObject({
      isBlocked: false,
      totalHits: 1,
    });
  });

  it('keeps every key under the configured prefix, one hash tag per caller', async () => {
    expect(await testRedis.keys(`${prefix}*{app-concurrent}*`)).toEqual([
      `${prefix}rl:{app-concurrent}:sustained:60`,
    ]);
    expect(await testRedis.keys('rl:{app-concurrent}*')).toEqual([]);
  });

  it("keeps a caller's windows in one slot, so they can be read in one command", async () => {
    await replicaA.increment('app-windows', 30_000, 5, 30_000, 'burst');
    await replicaB.increment('app-windows', 60_000, 5, 60_000, 'sustained');
    // A cluster refuses an MGET over two slots (CROSSSLOT).
    expect(
      await connections[0].mget(
        `${prefix}rl:{app-windows}:burst:30`,
        `${prefix}rl:{app-windows}:sustained:60`,
      ),
    ).toEqual(['1', '1']);
  });

  it('decides like the in-memory storage for the same sequence of hits', async () => {
    const memory = new InMemoryThrottlerStorage();
    const hits: [string, string, number, number][] = [
      ['p1', 'burst', 30_000, 4],
      ['p1', 'sustained', 60_000, 6],
      ['p2', 'burst', 30_000, 4],
      ['p1', 'burst', 30_000, 4],
      ['p1', 'burst', 30_000, 4],
      ['p1', 'burst', 30_000, 4],
      ['p1', 'burst', 30_000, 4],
      ['p2', 'burst', 30_000, 4],
      ['p2', 'sustained', 60_000, 6],
      ['p2', 'burst', 30_000, 4],
      ['p2', 'burst', 30_000, 4],
      ['p2', 'burst', 30_000, 4],
    ];
    const shape = (r: { isBlocked: boolean; totalHits: number }) => [r.isBlocked, r.totalHits];
    for (const [subject, name, ttl, limit] of hits) {
      const fromRedis = await replicaA.increment(`parity-${subject}`, ttl, limit, ttl, name);
      const fromMemory = await memory.increment(`parity-${subject}`, ttl, limit, ttl, name);
      expect(shape(fromRedis)).toEqual(shape(fromMemory));
    }
  });
});
