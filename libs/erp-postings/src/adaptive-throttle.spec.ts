import { AdaptiveThrottle } from './adaptive-throttle';

describe('AdaptiveThrottle', () => {
  it('never lets more than maxConcurrency calls run at once', async () => {
    // A clock that jumps a second per reading takes the rate out of play: only concurrency limits.
    let now = 0;
    const throttle = new AdaptiveThrottle({ maxConcurrency: 3, maxRatePerS: 1 }, () => (now += 1_000));
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 30 }, async () => {
        const release = await throttle.acquire();
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        release();
      }),
    );
    expect(peak).toBe(3);
  });

  it('halves the rate on a refusal and pauses for Retry-After, then creeps back', () => {
    let now = 0;
    const throttle = new AdaptiveThrottle({ maxConcurrency: 1, maxRatePerS: 40 }, () => now);
    throttle.tighten(2);
    expect(throttle.state()).toEqual({ inFlight: 0, ratePerS: 20, pausedForMs: 2_000 });
    now = 2_500;
    throttle.relax();
    expect(throttle.state()).toEqual({ inFlight: 0, ratePerS: 21, pausedForMs: 0 });
  });
});
