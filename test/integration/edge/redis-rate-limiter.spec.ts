import { InMemoryRateLimiter, RedisRateLimiter, degradedDecisionsCounter, type RateLimitPlan } from '@omnigate/rate-limit';
import { openRedis } from '@omnigate/redis';
import type { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { redisSettingsFor } from '../../support/redis-server';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from './edge-redis';

const N = 40;

const plan = (windows: RateLimitPlan['windows']): RateLimitPlan => ({ name: 'test', priority: 'standard', windows });

describe('RedisRateLimiter across replicas', () => {
  const prefix = uniqueKeyPrefix('edge-rate-limiter');
  let connections: Redis[];
  let replicaA: RedisRateLimiter;
  let replicaB: RedisRateLimiter;

  beforeAll(async () => {
    // Two connections stand for two replicas of an app sharing one Redis.
    connections = await Promise.all([1, 2].map(() => openRedis(redisSettingsFor(REDIS_URL), 'rate-limit')));
    const degradedCounter = degradedDecisionsCounter(new Registry());
    replicaA = new RedisRateLimiter(connections[0], { keyPrefix: prefix, degradedCounter });
    replicaB = new RedisRateLimiter(connections[1], { keyPrefix: prefix, degradedCounter });
  });

  afterAll(async () => {
    connections.forEach((c) => c.disconnect());
    await deleteKeys(prefix);
  });

  it('allows exactly N of 3N concurrent requests split over two replicas', async () => {
    const limited = plan([{ name: 'sustained', limit: N, windowS: 60 }]);
    const decisions = await Promise.all(
      Array.from({ length: 3 * N }, (_, i) => (i % 2 === 0 ? replicaA : replicaB).consume('app-concurrent', limited)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(N);
    expect(replicaA.isDegraded || replicaB.isDegraded).toBe(false);
  });

  it('holds every window of a multi-window plan under concurrency', async () => {
    const limited = plan([
      { name: 'burst', limit: N, windowS: 30 },
      { name: 'sustained', limit: 2 * N, windowS: 60 },
    ]);
    const decisions = await Promise.all(Array.from({ length: 3 * N }, (_, i) => (i % 2 ? replicaA : replicaB).consume('app-multi', limited)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(N);
  });

  it('refuses when the burst window is exhausted although sustained has room, and increments nothing', async () => {
    const limited = plan([
      { name: 'burst', limit: 3, windowS: 30 },
      { name: 'sustained', limit: 100, windowS: 60 },
    ]);
    for (let i = 0; i < 3; i++) expect((await replicaA.consume('app-burst', limited)).allowed).toBe(true);
    for (let i = 0; i < 5; i++) {
      const refused = await replicaB.consume('app-burst', limited);
      expect(refused.allowed).toBe(false);
      expect(refused.windows.map((w) => w.remaining)).toEqual([0, 97]);
      expect(refused.retryAfterS).toBeGreaterThan(25);
    }
    const [burst, sustained] = await connections[0].mget(`${prefix}rl:{app-burst}:burst:30`, `${prefix}rl:{app-burst}:sustained:60`);
    expect([burst, sustained]).toEqual(['3', '3']);
  });

  it('starts a window over once it has passed', async () => {
    const limited = plan([{ name: 'burst', limit: 2, windowS: 1 }]);
    await replicaA.consume('app-reset', limited);
    await replicaB.consume('app-reset', limited);
    expect((await replicaA.consume('app-reset', limited)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await replicaB.consume('app-reset', limited)).allowed).toBe(true);
  });

  it('keeps every key under the configured prefix', async () => {
    expect(await connections[0].keys(`${prefix}*{app-concurrent}*`)).toEqual([`${prefix}rl:{app-concurrent}:sustained:60`]);
    expect(await connections[0].keys('rl:{app-concurrent}*')).toEqual([]);
  });

  it('decides like the in-memory limiter for the same sequence of requests', async () => {
    const limited = plan([
      { name: 'burst', limit: 4, windowS: 30 },
      { name: 'sustained', limit: 6, windowS: 60 },
    ]);
    const memory = new InMemoryRateLimiter();
    const subjects = ['p1', 'p1', 'p2', 'p1', 'p1', 'p1', 'p2', 'p1', 'p2', 'p2', 'p2', 'p2', 'p2'];
    const shape = (d: { allowed: boolean; windows: { remaining: number }[] }) => [d.allowed, ...d.windows.map((w) => w.remaining)];
    for (const subject of subjects) {
      const fromRedis = await replicaA.consume(`parity-${subject}`, limited);
      const fromMemory = await memory.consume(`parity-${subject}`, limited);
      expect(shape(fromRedis)).toEqual(shape(fromMemory));
    }
  });
});
