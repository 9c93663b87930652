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
});
