import pino from 'pino';
import type { CachePolicy } from './cached-value';
import { MemoryCacheStore } from './memory-cache.store';
import { ReadThroughCache } from './read-through-cache';

const policy: CachePolicy = { freshMs: 1_000, staleWhileRevalidateMs: 1_000, staleIfErrorMs: 60_000 };

describe('ReadThroughCache', () => {
  let now: number;
  let cache: ReadThroughCache;
  beforeEach(() => {
    now = 1_700_000_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    cache = new ReadThroughCache(new MemoryCacheStore(), pino({ level: 'silent' }));
  });
  afterEach(() => jest.restoreAllMocks());

  it('loads a miss once and serves the next read fresh with its age', async () => {
    const load = jest.fn(async () => 'stock-12');
    expect(await cache.read('stock:a', policy, load)).toEqual({ value: 'stock-12', state: 'miss', ageS: 0 });
    now += 600;
    expect(await cache.read('stock:a', policy, load)).toEqual({ value: 'stock-12', state: 'fresh', ageS: 0 });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('in a store keeping objects, serves the one frozen value to every hit, without JSON text', async () => {
    const store = new MemoryCacheStore({ keepsObjects: true });
    const objects = new ReadThroughCache(store, pino({ level: 'silent' }));
    const parse = jest.spyOn(JSON, 'parse');
    type Position = { sku: string; bins: { qty: number }[] };
    const loaded = await objects.read<Position>('stock:o', policy, async () => ({
      sku: 'A1',
      bins: [{ qty: 3 }],
    }));
    now += 600;
    const first = await objects.read<Position>('stock:o', policy, async () => null);
    const second = await objects.read<Position>('stock:o', policy, async () => null);
    expect(first.value).toEqual({ sku: 'A1', bins: [{ qty: 3 }] });
    expect(second.value).toBe(first.value);
    expect(first.value).toBe(loaded.value);
    expect(Object.isFrozen(first.value!.bins[0])).toBe(true);
    expect(() => first.value!.bins.push({ qty: 1 })).toThrow(TypeError);
    expect(parse).not.toHaveBeenCalled();
  });

  it('shares one load among concurrent misses on one key', async () => {
    let release!: (v: string) => void;
    const load = jest.fn(() => new Promise<string>((resolve) => (release = resolve)));
    const reads = Array.from({ length: 50 }, () => cache.read('stock:b', policy, load));
    await new Promise((r) => setImmediate(r));
    release('v1');
    const answers = await Promise.all(reads);
    expect(load).toHaveBeenCalledTimes(1);
    expect(new Set(answers.map((a) => a.value))).toEqual(new Set(['v1']));
  });

  it('serves a stale value at once and refreshes it in the background', async () => {
    await cache.read('stock:c', policy, async () => 'old');
    now += 1_500;
    const load = jest.fn(async () => 'new');
    expect(await cache.read('stock:c', policy, load)).toEqual({ value: 'old', state: 'stale', ageS: 1 });
    await new Promise((r) => setTimeout(r, 10));
    expect(load).toHaveBeenCalledTimes(1);
    expect((await cache.read('stock:c', policy, load)).value).toBe('new');
  });

  it('serves the last value when the backend fails past the revalidation window', async () => {
    await cache.read('stock:d', policy, async () => 'kept');
    now += 30_000;
    const answer = await cache.read('stock:d', policy, async () => {
      throw new Error('ERP down');
    });
    expect(answer).toEqual({ value: 'kept', state: 'stale', ageS: 30 });
  });

  it('after a failed load, answers stale at once and retries at most once a second behind, until the backend answers', async () => {
    await cache.read('stock:f', policy, async () => 'kept');
    now += 30_000;
    const erpDown = jest.fn(async (): Promise<string> => Promise.reject(new Error('ERP down')));
    expect((await cache.read('stock:f', policy, erpDown)).value).toBe('kept');
    expect(erpDown).toHaveBeenCalledTimes(1);

    // Within the second: stale at once, the backend not asked.
    now += 500;
    const hanging = jest.fn(() => new Promise<string>(() => undefined));
    expect(await cache.read('stock:f', policy, hanging)).toEqual({ value: 'kept', state: 'stale', ageS: 30 });
    expect(hanging).not.toHaveBeenCalled();

    // A second on: one retry goes out behind the answer (which does not wait for it), and only one.
    now += 600;
    let answerRetry!: (value: string) => void;
    const retry = jest.fn(() => new Promise<string>((resolve) => (answerRetry = resolve)));
    for (let i = 0; i < 3; i++) expect((await cache.read('stock:f', policy, retry)).value).toBe('kept');
    while (!answerRetry) await new Promise((r) => setImmediate(r));
    expect(retry).toHaveBeenCalledTimes(1);

    // The backend is back: readers get its value, and past revalidation wait for a load again.
    answerRetry('restocked');
    await new Promise((r) => setImmediate(r));
    expect(await cache.read('stock:f', policy, retry)).toMatchObject({ value: 'restocked', state: 'fresh' });
    now += 30_000;
    expect(await cache.read('stock:f', policy, async () => 'counted')).toMatchObject({
      value: 'counted',
      state: 'miss',
    });
  });

  it('passes the backend failure on when nothing is cached', async () => {
    await expect(
      cache.read('stock:e', policy, async () => Promise.reject(new Error('ERP down'))),
    ).rejects.toThrow('ERP down');
  });

  it('loads only the missing keys of a batch, in one call', async () => {
    await cache.read('stock:f1', policy, async () => 'one');
    const load = jest.fn(async (keys: string[]) => new Map(keys.map((k) => [k, `v-${k}`])));
    const answers = await cache.readMany(['stock:f1', 'stock:f2', 'stock:f3'], policy, load);
    expect(load).toHaveBeenCalledWith(['stock:f2', 'stock:f3']);
    expect([...answers.values()].map((a) => a.value)).toEqual(['one', 'v-stock:f2', 'v-stock:f3']);
  });

  it('remembers that the backend has no such key', async () => {
    const load = jest.fn(async () => null);
    expect((await cache.read('product:x', policy, load)).value).toBeNull();
    expect((await cache.read('product:x', policy, load)).value).toBeNull();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('reads through when the store fails', async () => {
    const broken = new MemoryCacheStore();
    broken.getMany = () => Promise.reject(new Error('Redis gone'));
    broken.set = () => Promise.reject(new Error('Redis gone'));
    broken.tryLock = () => Promise.reject(new Error('Redis gone'));
    const failOpen = new ReadThroughCache(broken, pino({ level: 'silent' }));
    expect((await failOpen.read('stock:g', policy, async () => 'direct')).value).toBe('direct');
  });
});

describe('ReadThroughCache replicas sharing one store', () => {
  const LOCK_TTL_MS = 1_000;
  let store: MemoryCacheStore;
  let replicas: ReadThroughCache[];
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_700_000_000_000 });
    store = new MemoryCacheStore();
    replicas = [1, 2].map(() => new ReadThroughCache(store, pino({ level: 'silent' }), LOCK_TTL_MS));
  });
  afterEach(() => jest.useRealTimers());

  it('renews the lock through a load slower than its TTL: the other replica waits and loads nothing', async () => {
    let release!: (v: string) => void;
    const slowLoad = jest.fn(() => new Promise<string>((resolve) => (release = resolve)));
    const otherLoad = jest.fn(async () => 'loaded twice');
    const first = replicas[0].read('stock:s', policy, slowLoad);
    await jest.advanceTimersByTimeAsync(0);
    expect(slowLoad).toHaveBeenCalledTimes(1);

    const second = replicas[1].read('stock:s', policy, otherLoad);
    await jest.advanceTimersByTimeAsync(LOCK_TTL_MS * 5);
    expect(otherLoad).not.toHaveBeenCalled();

    release('from the backend');
    await jest.advanceTimersByTimeAsync(LOCK_TTL_MS);
    expect((await first).value).toBe('from the backend');
    expect(await second).toEqual({ value: 'from the backend', state: 'miss', ageS: 0 });
    expect(otherLoad).not.toHaveBeenCalled();
    expect(await store.getMany(['lock:stock:s'])).toEqual([null]);
  });

  it('takes over a lock whose owner died once it expires', async () => {
    await store.tryLock('lock:stock:d', 'a-replica-that-died', LOCK_TTL_MS);
    const load = jest.fn(async () => 'loaded by the survivor');
    const read = replicas[1].read('stock:d', policy, load);
    await jest.advanceTimersByTimeAsync(LOCK_TTL_MS - 100);
    expect(load).not.toHaveBeenCalled();

    await jest.advanceTimersByTimeAsync(200);
    expect((await read).value).toBe('loaded by the survivor');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("lets a waiting replica load at once when the owner's load failed", async () => {
    let fail!: (error: Error) => void;
    const failing = replicas[0].read(
      'stock:f',
      policy,
      () => new Promise<string>((_, reject) => (fail = reject)),
    );
    await jest.advanceTimersByTimeAsync(0);
    const load = jest.fn(async () => 'second try');
    const waiting = replicas[1].read('stock:f', policy, load);
    await jest.advanceTimersByTimeAsync(100);

    fail(new Error('backend down'));
    await expect(failing).rejects.toThrow('backend down');
    await jest.advanceTimersByTimeAsync(50);
    expect((await waiting).value).toBe('second try');
  });
});
