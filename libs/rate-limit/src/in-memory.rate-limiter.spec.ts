import { InMemoryRateLimiter } from './in-memory.rate-limiter';
import type { RateLimitPlan } from './rate-limit-plan';

const plan: RateLimitPlan = {
  name: 'test',
  priority: 'standard',
  windows: [
    { name: 'burst', limit: 3, windowS: 1 },
    { name: 'sustained', limit: 5, windowS: 60 },
  ],
};

describe('InMemoryRateLimiter', () => {
  let now: number;
  let limiter: InMemoryRateLimiter;

  beforeEach(() => {
    now = 1_000_000;
    limiter = new InMemoryRateLimiter(() => now);
  });

  it('allows up to the burst limit, then refuses with the time until the burst window resets', async () => {
    for (let i = 0; i < 3; i++) expect((await limiter.consume('app', plan)).allowed).toBe(true);
    now += 400;
    const refused = await limiter.consume('app', plan);
    expect(refused).toEqual({
      allowed: false,
      retryAfterS: 1,
      windows: [
        { name: 'burst', limit: 3, windowS: 1, remaining: 0, resetS: 1 },
        { name: 'sustained', limit: 5, windowS: 60, remaining: 2, resetS: 60 },
      ],
    });
  });

  it('increments no window when one is exhausted', async () => {
    for (let i = 0; i < 3; i++) await limiter.consume('app', plan);
    for (let i = 0; i < 10; i++) await limiter.consume('app', plan);
    now += 1_000;
    const next = await limiter.consume('app', plan);
    expect(next.allowed).toBe(true);
    expect(next.windows[1].remaining).toBe(1);
  });

  it('refuses on the sustained window even when the burst window has room', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await limiter.consume('app', plan)).allowed).toBe(true);
      now += 1_000;
    }
    const refused = await limiter.consume('app', plan);
    expect(refused.allowed).toBe(false);
    expect(refused.windows.map((w) => w.remaining)).toEqual([3, 0]);
    expect(refused.retryAfterS).toBe(55);
  });

  it('counts subjects separately', async () => {
    for (let i = 0; i < 3; i++) await limiter.consume('app-a', plan);
    expect((await limiter.consume('app-a', plan)).allowed).toBe(false);
    expect((await limiter.consume('app-b', plan)).allowed).toBe(true);
  });
});
