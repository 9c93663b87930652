import type { ThrottlerStorage } from '@nestjs/throttler';

/** What a throttler storage answers for one hit (the library does not export its name for it). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * The counters behind `@nestjs/throttler` at the channel edge: one fixed window per key and
 * throttler. Unlike the library's default storage, a refused hit is not counted (a caller flooding
 * past its limit does not push its own window further out) and a hit can be handed back, so a
 * request refused by a longer window counts in none of the shorter ones it passed.
 */
export abstract class WindowCounterStorage implements ThrottlerStorage {
  /**
   * Counts one hit in the window `throttlerName` of `key` (length `ttl` ms), unless it already holds
   * `limit` hits: then the hit is refused, counted nowhere, until the window starts over.
   * `blockDuration` is not used: a refused caller waits for its window, not for a separate block.
   */
  abstract increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord>;

  /** Hands back one hit counted by {@link increment} in a window that has not started over since. */
  abstract release(key: string, ttl: number, throttlerName: string): Promise<void>;
}

/** The record of one increment from the window's count (after the hit when allowed) and time left in ms. */
export function windowRecord(allowed: boolean, count: number, ttlMs: number): ThrottlerStorageRecord {
  const resetS = Math.max(1, Math.ceil(ttlMs / 1000));
  return {
    totalHits: count,
    timeToExpire: resetS,
    isBlocked: !allowed,
    timeToBlockExpire: allowed ? 0 : resetS,
  };
}

/** The counter name of one window of a key: `<key>:<throttler>:<window length in s>`. */
export function windowCounterName(key: string, throttlerName: string, ttl: number): string {
  return `${key}:${throttlerName}:${ttl / 1000}`;
}
