import { FailOpenCacheStore, MemoryCacheStore, RedisCacheStore } from '@omnigate/cache';
import { type RedisConnection, type RedisSettings, openRedis } from '@omnigate/redis';
import pino from 'pino';
import { OwnRedisCluster } from '../../support/redis-cluster';
import { OwnRedisServer } from '../../support/redis-server';
import { waitFor } from '../../support/wait-for';

const COMMAND_TIMEOUT_MS = 200;

/** A Redis of the test's own that it may freeze, kill and start again: one server, or a three-master cluster. */
interface OwnRedis {
  settings(env?: Record<string, string>): RedisSettings;
  freeze(): void;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const OWN_REDIS: [string, () => Promise<OwnRedis>][] = [
  [
    'one Redis',
    async () => {
      const server = await OwnRedisServer.start();
      return {
        settings: (env) => server.settings(env),
        freeze: () => server.freeze(),
        kill: () => server.kill(),
        restart: () => server.restart(),
        stop: () => server.kill(),
      };
    },
  ],
  ['a Redis Cluster', () => OwnRedisCluster.start()],
];

describe.each(OWN_REDIS)('coalescing locks in %s', (_topology, startRedis) => {
  let server: OwnRedis;
  let redis: RedisConnection;
  let store: RedisCacheStore;

  beforeAll(async () => {
    server = await startRedis();
    redis = await openRedis(server.settings(), 'cache');
    // An app goes on after the connect timeout whatever Redis does; these tests start from a Redis that is up.
    await waitFor(async () => (redis.status === 'ready' ? true : undefined), 'Redis ready');
    store = new RedisCacheStore(redis, 'locks:');
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
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

  it("reads the entries of many stores' slots in one call, each in its place", async () => {
    const keys = ['ST-1', 'ST-2', 'ST-3', 'ST-4'].flatMap((storeId) =>
      ['100', '200'].map((sku) => `stock:{${storeId}}:${sku}`),
    );
    await Promise.all(
      keys.map((key, i) => (i % 3 === 0 ? undefined : store.set(key, `value of ${key}`, 60_000))),
    );
    await store.set('product:100', 'value of product:100', 60_000);
    const asked = [...keys, 'product:100', 'product:200'];
    expect(await store.getMany(asked)).toEqual(
      asked.map((key, i) =>
        (i % 3 === 0 && i < keys.length) || key === 'product:200' ? null : `value of ${key}`,
      ),
    );
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

describe.each(OWN_REDIS)('the cache store while %s fails', (_topology, startRedis) => {
  let server: OwnRedis;
  let redis: RedisConnection;
  let store: FailOpenCacheStore;

  beforeAll(async () => {
    server = await startRedis();
    redis = await openRedis(
      server.settings({
        REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
        REDIS_RECONNECT_MAX_DELAY_MS: '100',
      }),
      'cache',
    );
    // An app goes on after the connect timeout whatever Redis does; these tests start from a Redis that is up.
    await waitFor(async () => (redis.status === 'ready' ? true : undefined), 'Redis ready');
    store = new FailOpenCacheStore(
      new RedisCacheStore(redis, 'cache:'),
      new MemoryCacheStore({ maxEntries: 100 }),
      pino({ level: 'silent' }),
      COMMAND_TIMEOUT_MS,
    );
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
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
