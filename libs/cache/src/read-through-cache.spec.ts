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

  it('passes the backend failure on when nothing is cached', async () => {
    await expect(cache.read('stock:e', policy, async () => Promise.reject(new Error('ERP down')))).rejects.toThrow('ERP down');
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
