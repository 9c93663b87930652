import { FailOpenCacheStore, MemoryCacheStore, RedisCacheStore } from '@omnigate/cache';
import { openRedis } from '@omnigate/redis';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { OwnRedisServer, redisSettingsFor } from '../../support/redis-server';
import { waitFor } from '../../support/wait-for';

const COMMAND_TIMEOUT_MS = 200;

describe('coalescing locks in Redis', () => {
  let server: OwnRedisServer;
  let redis: Redis;
  let store: RedisCacheStore;

  beforeAll(async () => {
    server = await OwnRedisServer.start();
    redis = await openRedis(redisSettingsFor(server.url), 'cache');
    store = new RedisCacheStore(redis, 'locks:');
  });
  afterAll(async () => {
    redis.disconnect();
    await server.kill();
  });

  it('leaves a lock another owner holds: compare-and-delete', async () => {
    expect(await store.tryLock('lock:stock:a', 'owner-1', 5_000)).toBe(true);
    expect(await store.tryLock('lock:stock:a', 'owner-2', 5_000)).toBe(false);
    await store.unlock('lock:stock:a', 'owner-2');
    expect(await redis.get('locks:lock:stock:a')).toBe('owner-1');

    await store.unlock('lock:stock:a', 'owner-1');
    expect(await redis.exists('locks:lock:stock:a')).toBe(0);
  });

  it('leaves the lock of a successor alone when an expired owner finishes late', async () => {
    expect(await store.tryLock('lock:stock:b', 'stalled-owner', 100)).toBe(true);
    await waitFor(
      async () => ((await redis.exists('locks:lock:stock:b')) === 0 ? true : undefined),
      'the stalled lock to expire',
      50,
      20,
    );
    expect(await store.tryLock('lock:stock:b', 'successor', 5_000)).toBe(true);

    expect(await store.extendLock('lock:stock:b', 'stalled-owner', 5_000)).toBe(false);
    await store.unlock('lock:stock:b', 'stalled-owner');
    expect(await redis.get('locks:lock:stock:b')).toBe('successor');
  });

  it('confirms a lock to the owner already holding it, so a lost answer can be asked again', async () => {
    expect(await store.tryLock('lock:stock:e', 'owner-1', 5_000)).toBe(true);
    expect(await store.tryLock('lock:stock:e', 'owner-1', 5_000)).toBe(true);
    expect(await store.tryLock('lock:stock:e', 'owner-2', 5_000)).toBe(false);
    expect(await redis.get('locks:lock:stock:e')).toBe('owner-1');
  });

  it('renews a lock for its owner only: compare-and-pexpire', async () => {
    expect(await store.tryLock('lock:stock:c', 'owner-1', 1_000)).toBe(true);
    expect(await store.extendLock('lock:stock:c', 'owner-2', 60_000)).toBe(false);
    expect(await redis.pttl('locks:lock:stock:c')).toBeLessThanOrEqual(1_000);
    expect(await store.extendLock('lock:stock:c', 'owner-1', 60_000)).toBe(true);
    expect(await redis.pttl('locks:lock:stock:c')).toBeGreaterThan(50_000);
  });

  it('still runs its scripts on a restarted, empty Redis', async () => {
    await server.kill();
    await server.restart();
    await waitFor(async () => (redis.status === 'ready' ? true : undefined), 'the reconnection');
    expect(await store.tryLock('lock:stock:d', 'owner-1', 5_000)).toBe(true);
    expect(await store.extendLock('lock:stock:d', 'owner-1', 5_000)).toBe(true);
    await store.unlock('lock:stock:d', 'owner-1');
    expect(await redis.exists('locks:lock:stock:d')).toBe(0);
  });
});

describe('the cache store while Redis fails', () => {
  let server: OwnRedisServer;
  let redis: Redis;
  let store: FailOpenCacheStore;

  beforeAll(async () => {
    server = await OwnRedisServer.start();
    redis = await openRedis(
      redisSettingsFor(server.url, {
        REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
        REDIS_RECONNECT_MAX_DELAY_MS: '100',
      }),
      'cache',
    );
    store = new FailOpenCacheStore(
      new RedisCacheStore(redis, 'cache:'),
      new MemoryCacheStore({ maxEntries: 100 }),
      pino({ level: 'silent' }),
      COMMAND_TIMEOUT_MS,
    );
  });
  afterAll(async () => {
    redis.disconnect();
    await server.kill();
  });

  const timed = async <T>(work: () => Promise<T>) => {
    const started = Date.now();
    const result = await work();
    return { result, ms: Date.now() - started };
  };

  it('answers from memory within the command timeout while Redis hangs, then at once while it is gone', async () => {
    await store.set('stock:a', 'written while Redis was up', 60_000);
    expect(await redis.get('cache:stock:a')).toBe('written while Redis was up');

    server.freeze();
    const hung = await timed(() => store.getMany(['stock:a', 'stock:b']));
    expect(hung.result).toEqual(['written while Redis was up', null]);
    expect(hung.ms).toBeGreaterThanOrEqual(COMMAND_TIMEOUT_MS - 10);
    expect(hung.ms).toBeLessThan(COMMAND_TIMEOUT_MS * 4);
    // Redis is left alone for a while: the next calls do not wait for it again.
    const skipped = await timed(() => store.getMany(['stock:a']));
    expect(skipped.ms).toBeLessThan(COMMAND_TIMEOUT_MS / 2);

    await server.kill();
    await store.set('stock:c', 'written while Redis was gone', 60_000);
    const gone = await timed(() => store.getMany(['stock:a', 'stock:c']));
    expect(gone.result).toEqual(['written while Redis was up', 'written while Redis was gone']);
    expect(gone.ms).toBeLessThan(COMMAND_TIMEOUT_MS / 2);
  });

  it('locks in memory while Redis is gone, so one load per replica still runs at a time', async () => {
    expect(await store.tryLock('lock:stock:e', 'owner-1', 5_000)).toBe(true);
    expect(await store.tryLock('lock:stock:e', 'owner-2', 5_000)).toBe(false);
    expect(await store.extendLock('lock:stock:e', 'owner-1', 5_000)).toBe(true);
    await store.unlock('lock:stock:e', 'owner-1');
    expect(await store.tryLock('lock:stock:e', 'owner-2', 5_000)).toBe(true);
  });

  it('goes back to the shared Redis once it is back', async () => {
    await server.restart();
    await waitFor(async () => (redis.status === 'ready' ? true : undefined), 'the reconnection');
    await waitFor(async () => {
      await store.set('stock:f', 'shared again', 60_000);
      return (await redis.get('cache:stock:f')) === 'shared again' ? true : undefined;
    }, 'writes to reach Redis again');
    await redis.set('cache:stock:g', 'written by another replica');
    // The restarted Redis is empty: what this replica cached before is still answered from its copy.
    expect(await redis.exists('cache:stock:a')).toBe(0);
    expect(await store.getMany(['stock:g', 'stock:a'])).toEqual([
      'written by another replica',
      'written while Redis was up',
    ]);
  });
});
