import { Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { type RedisConnection, slotTag } from '@omnigate/redis';
import { InMemoryThrottlerStorage } from './in-memory-throttler.storage';
import { degradedDecisionsCounter } from './rate-limit.metrics';
import { COUNT_HIT_LUA, RELEASE_HIT_LUA } from './window-counter.lua';
import {
  type ThrottlerStorageRecord,
  WindowCounterStorage,
  windowCounterName,
  windowRecord,
} from './window-counter.storage';

/** Options of the {@link RedisThrottlerStorage}. */
export interface RedisThrottlerStorageOptions {
  /** Prefix of every key written, e.g. the deployment's `REDIS_KEY_PREFIX`. */
  keyPrefix: string;
  /** Counters used while Redis fails; fresh in-memory ones unless given. */
  fallback?: WindowCounterStorage;
  degradedCounter?: Counter;
}

type WithHitCommands = {
  omnigateCountHit(numKeys: 1, key: string, limit: number, ttlMs: number): Promise<[number, number, number]>;
  omnigateReleaseHit(numKeys: 1, key: string): Promise<number>;
};

/**
 * The `@nestjs/throttler` storage shared by every replica through Redis: exact fixed windows, each
 * hit counted by one atomic script. When Redis fails it degrades to per-replica counters (logged
 * once per outage, metered per hit) rather than refusing all or letting all through.
 */
export class RedisThrottlerStorage extends WindowCounterStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly fallback: WindowCounterStorage;
  private readonly degradedCounter: Counter;
  private readonly commands: WithHitCommands;
  private degraded = false;

  constructor(
    redis: RedisConnection,
    private readonly options: RedisThrottlerStorageOptions,
  ) {
    super();
    this.fallback = options.fallback ?? new InMemoryThrottlerStorage();
    this.degradedCounter = options.degradedCounter ?? degradedDecisionsCounter();
    if (!('omnigateCountHit' in redis)) {
      redis.defineCommand('omnigateCountHit', { lua: COUNT_HIT_LUA });
      redis.defineCommand('omnigateReleaseHit', { lua: RELEASE_HIT_LUA });
    }
    this.commands = redis as unknown as WithHitCommands;
  }

  /** True while hits are counted per replica. */
  get isDegraded(): boolean {
    return this.degraded;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    let reply: [number, number, number];
    try {
      reply = await this.commands.omnigateCountHit(1, this.redisKey(key, throttlerName, ttl), limit, ttl);
    } catch (error) {
      this.enterDegraded(error as Error);
      this.degradedCounter.inc();
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
    this.leaveDegraded();
    return windowRecord(reply[0] === 1, reply[1], reply[2]);
  }

  async release(key: string, ttl: number, throttlerName: string): Promise<void> {
    // A hit counted while degraded was counted in memory; hand it back there.
    if (this.degraded) return this.fallback.release(key, ttl, throttlerName);
    await this.commands
      .omnigateReleaseHit(1, this.redisKey(key, throttlerName, ttl))
      .catch(() => this.fallback.release(key, ttl, throttlerName));
  }

  private redisKey(key: string, throttlerName: string, ttl: number): string {
    // The hash tag keeps every window of one caller in one Redis Cluster slot.
    return `${this.options.keyPrefix}rl:${windowCounterName(slotTag(key), throttlerName, ttl)}`;
  }

  private enterDegraded(error: Error): void {
    if (this.degraded) return;
    this.degraded = true;
    this.logger.error(`Redis failed (${error.message}); rate limits now count per replica until it recovers`);
  }

  private leaveDegraded(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.logger.log('Redis is back; rate limits are shared across replicas again');
  }
}
