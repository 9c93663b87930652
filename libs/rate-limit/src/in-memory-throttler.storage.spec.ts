import { InMemoryThrottlerStorage } from './in-memory-throttler.storage';

describe('InMemoryThrottlerStorage', () => {
  let now: number;
  let storage: InMemoryThrottlerStorage;
  const burst = (key = 'app') => storage.increment(key, 1_000, 3, 1_000, 'burst');

  beforeEach(() => {
    now = 1_000_000;
    storage = new InMemoryThrottlerStorage(() => now);
  });

  it('counts up to the limit, then refuses with the time until the window starts over', async () => {
    for (let i = 1; i <= 3; i++)
      expect(await burst()).toEqual({
        totalHits: i,
        timeToExpire: 1,
        isBlocked: false,
        timeToBlockExpire: 0,
      });
    now += 400;
    expect(await storage.increment('app', 60_000, 3, 60_000, 'sustained')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
    expect(await burst()).toEqual({ totalHits: 3, timeToExpire: 1, isBlocked: true, timeToBlockExpire: 1 });
  });

  it('counts no refused hit, so the caller has room again as soon as the window starts over', async () => {
    for (let i = 0; i < 13; i++) await burst();
    now += 1_000;
    expect(await burst()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('hands a hit back within its window only', async () => {
    for (let i = 0; i < 3; i++) await burst();
    await storage.release('app', 1_000, 'burst');
    expect(await burst()).toMatchObject({ totalHits: 3, isBlocked: false });
    now += 1_000;
    await storage.release('app', 1_000, 'burst');
    expect(await burst()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('counts keys, throttlers and window lengths separately', async () => {
    for (let i = 0; i < 3; i++) await burst('app-a');
    expect((await burst('app-a')).isBlocked).toBe(true);
    expect((await burst('app-b')).isBlocked).toBe(false);
    expect((await storage.increment('app-a', 1_000, 3, 1_000, 'other')).isBlocked).toBe(false);
    expect((await storage.increment('app-a', 2_000, 3, 2_000, 'burst')).isBlocked).toBe(false);
  });
});
