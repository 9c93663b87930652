import { MemoryCacheStore } from './memory-cache.store';

describe('MemoryCacheStore', () => {
  it('evicts the oldest written entry once maxEntries is reached', async () => {
    const store = new MemoryCacheStore({ maxEntries: 2 });
    await store.set('stock:a', '1', 60_000);
    await store.set('stock:b', '2', 60_000);
    await store.set('stock:a', '1b', 60_000);
    await store.set('stock:c', '3', 60_000);
    expect(await store.getMany(['stock:a', 'stock:b', 'stock:c'])).toEqual(['1b', null, '3']);
  });

  it('keeps every entry when unbounded', async () => {
    const store = new MemoryCacheStore();
    for (let i = 0; i < 100; i++) await store.set(`stock:${i}`, String(i), 60_000);
    expect((await store.getMany(['stock:0', 'stock:99'])).every((v) => v !== null)).toBe(true);
  });

  it('renews and releases a lock only for the owner holding it', async () => {
    const store = new MemoryCacheStore();
    expect(await store.tryLock('lock:stock:a', 'owner-1', 60_000)).toBe(true);
    expect(await store.tryLock('lock:stock:a', 'owner-2', 60_000)).toBe(false);
    expect(await store.extendLock('lock:stock:a', 'owner-2', 60_000)).toBe(false);
    await store.unlock('lock:stock:a', 'owner-2');
    expect(await store.getMany(['lock:stock:a'])).toEqual(['owner-1']);

    expect(await store.extendLock('lock:stock:a', 'owner-1', 60_000)).toBe(true);
    await store.unlock('lock:stock:a', 'owner-1');
    expect(await store.tryLock('lock:stock:a', 'owner-2', 60_000)).toBe(true);
  });

  it('gives a lock to one of many concurrent takers', async () => {
    const store = new MemoryCacheStore();
    const taken = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.tryLock('lock:stock:b', `owner-${i}`, 60_000)),
    );
    expect(taken.filter(Boolean)).toHaveLength(1);
  });
});
