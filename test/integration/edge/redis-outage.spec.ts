import { Logger } from '@nestjs/common';
import { RedisThrottlerStorage, degradedDecisionsCounter } from '@omnigate/rate-limit';
import { openRedis, type RedisConnection } from '@omnigate/redis';
import { Registry } from 'prom-client';
import { redisSettingsFor } from '../../support/redis-server';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from './edge-redis';
import { SeverableProxy } from './severable-proxy';

/** One window of a plan: 5 hits a minute. */
const LIMIT = 5;
const TTL_MS = 60_000;

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function allowedOf(limiter: RedisThrottlerStorage, subject: string, attempts: number): Promise<number> {
  let allowed = 0;
  for (let i = 0; i < attempts; i++)
    if (!(await limiter.increment(subject, TTL_MS, LIMIT, TTL_MS, 'sustained')).isBlocked) allowed += 1;
  return allowed;
}

describe('RedisThrottlerStorage when Redis fails', () => {
  const prefix = uniqueKeyPrefix('edge-outage');
  const { hostname, port } = new URL(REDIS_URL);
  const proxy = new SeverableProxy({ host: hostname, port: Number(port || 6379) });
  let registry: Registry;
  let redis: RedisConnection;
  let limiter: RedisThrottlerStorage;
  let errorLog: jest.SpyInstance;

  beforeAll(async () => {
    await proxy.listen();
    registry = new Registry();
    redis = await openRedis(redisSettingsFor(proxy.url), 'rate-limit');
    limiter = new RedisThrottlerStorage(redis, {
      keyPrefix: prefix,
      degradedCounter: degradedDecisionsCounter(registry),
    });
    errorLog = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    redis.disconnect();
    await proxy.sever();
    await deleteKeys(prefix);
  });

  const degradedTotal = async () =>
    (await registry.getSingleMetricAsString('omnigate_rate_limit_degraded_total')).match(/_total (\d+)/)![1];

  it('degrades to per-replica counters that still limit, logging once and counting each decision', async () => {
    expect(await allowedOf(limiter, 'app-outage', 2)).toBe(2);
    expect(limiter.isDegraded).toBe(false);

    await proxy.sever();
    const started = Date.now();
    expect(await allowedOf(limiter, 'app-outage', 8)).toBe(5);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(limiter.isDegraded).toBe(true);
    expect(errorLog).toHaveBeenCalledTimes(1);
    expect(await degradedTotal()).toBe('8');
  });

  it('goes back to the shared counters when Redis returns', async () => {
    await proxy.listen();
    await eventually(
      async () =>
        (await limiter.increment('app-recovery', TTL_MS, LIMIT, TTL_MS, 'sustained')) && !limiter.isDegraded,
    );
    // The two requests counted in Redis before the outage are still there: 3 left.
    expect(await allowedOf(limiter, 'app-outage', 5)).toBe(3);
  });

  it('degrades when Redis is unreachable from the start', async () => {
    const nowhere = await openRedis(redisSettingsFor('redis://127.0.0.1:1'), 'rate-limit');
    const isolated = new RedisThrottlerStorage(nowhere, {
      keyPrefix: prefix,
      degradedCounter: degradedDecisionsCounter(new Registry()),
    });
    try {
      expect(await allowedOf(isolated, 'app-never', 7)).toBe(5);
      expect(isolated.isDegraded).toBe(true);
    } finally {
      nowhere.disconnect();
    }
  });
});
