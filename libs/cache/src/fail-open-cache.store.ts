import type { Logger } from 'pino';
import type { CacheStore } from './cache-store';
import type { MemoryCacheStore } from './memory-cache.store';
import type { RedisCacheStore } from './redis-cache.store';

/** After Redis failed, how long this replica keeps to its memory before asking Redis again. */
const REDIS_RETRY_AFTER_MS = 1_000;
/** A command timeout firing this much later than due shows a stall of this replica, not of Redis. */
const LATE_TIMEOUT_FACTOR = 1.5;
const MAX_ATTEMPTS = 3;

/**
 * The shared Redis store with this replica's memory behind it. Every entry this replica writes is
 * also kept in a bounded memory copy, read where Redis has nothing. While Redis fails (refused at
 * once, or silent past the command timeout) entries and locks come from memory alone: what this
 * replica cached keeps answering without a backend call, and concurrent misses still share one
 * load per replica. Redis is then left alone for a second, so a hung Redis costs a command timeout
 * now and then, not on every request.
 */
export class FailOpenCacheStore implements CacheStore {
  private skipRedisUntil = 0;
  private degraded = false;

  constructor(
    private readonly redis: RedisCacheStore,
    private readonly memory: MemoryCacheStore,
    private readonly logger: Logger,
    private readonly commandTimeoutMs: number,
  ) {}

  // What Redis lacks, this replica's copy may still hold: after a Redis restart the replicas answer
  // what they had instead of all asking the backend at once.
  async getMany(keys: string[]): Promise<(string | null)[]> {
    const kept = await this.memory.getMany(keys);
    const shared = await this.attempt(
      () => this.redis.getMany(keys),
      async () => kept,
    );
    return shared.map((value, i) => value ?? kept[i]);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.memory.set(key, value, ttlMs);
    await this.attempt(
      () => this.redis.set(key, value, ttlMs),
      async () => undefined,
    );
  }

  tryLock(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.attempt(
      () => this.redis.tryLock(key, owner, ttlMs),
      () => this.memory.tryLock(key, owner, ttlMs),
    );
  }

  // A lock lives where it was taken: in memory if Redis was failing then, in Redis otherwise. A lock
  // in an unreachable Redis is not known to be lost: its owner keeps trying to renew it.
  async extendLock(key: string, owner: string, ttlMs: number): Promise<boolean> {
    if (await this.memory.extendLock(key, owner, ttlMs)) return true;
    return this.attempt(
      () => this.redis.extendLock(key, owner, ttlMs),
      async () => true,
    );
  }

  async unlock(key: string, owner: string): Promise<void> {
    await this.memory.unlock(key, owner);
    await this.attempt(
      () => this.redis.unlock(key, owner),
      async () => undefined,
    );
  }

  private async attempt<T>(onRedis: () => Promise<T>, onMemory: () => Promise<T>): Promise<T> {
    if (Date.now() < this.skipRedisUntil || !this.redis.connected) {
      this.degrade();
      return onMemory();
    }
    for (let attempt = 1; ; attempt++) {
      const sentAt = Date.now();
      try {
        const answer = await onRedis();
        if (this.degraded) {
          this.degraded = false;
          this.logger.info('Redis answers again; the cache is shared across replicas again');
        }
        return answer;
      } catch (error) {
        // A timeout that fired late means this replica's event loop stalled while Redis most likely
        // answered: ask again (every operation is safe to repeat) rather than give up on Redis and,
        // with it, on sharing one load across replicas.
        const stalled = Date.now() - sentAt > this.commandTimeoutMs * LATE_TIMEOUT_FACTOR;
        if (stalled && this.redis.connected && attempt < MAX_ATTEMPTS) continue;
        this.skipRedisUntil = Date.now() + REDIS_RETRY_AFTER_MS;
        this.degrade(error);
        return onMemory();
      }
    }
  }

  private degrade(error?: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn(
      { err: error },
      "Redis failing; the cache answers from this replica's memory and the backend",
    );
  }
}
