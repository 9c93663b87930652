import { backoffDelayMs, parseRetryAfter } from './retry-after';

describe('Retry-After and backoff', () => {
  it('reads delta seconds', () => expect(parseRetryAfter('30')).toBe(30));
  it('reads an HTTP date', () =>
    expect(parseRetryAfter(new Date(1_000_000 + 5_000).toUTCString(), 1_000_000)).toBe(5));
  it('ignores garbage', () => expect(parseRetryAfter('soon')).toBeUndefined());
  it('keeps backoff within the cap', () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const delay = backoffDelayMs(attempt, 100, 2_000);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(Math.min(2_000, 100 * 2 ** attempt));
    }
  });
});
