import { Logger } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import type { Counter } from 'prom-client';
import { CONSUME_WINDOWS_LUA } from './consume-windows.lua';
import { InMemoryRateLimiter } from './in-memory.rate-limiter';
import { degradedDecisionsCounter } from './rate-limit.metrics';
import type { RateLimitPlan } from './rate-limit-plan';
import { decisionOf, RateLimiter, type RateLimitDecision } from './rate-limiter';

/** Options of the {@link RedisRateLimiter}. */
export interface RedisRateLimiterOptions {
  /** Prefix of every key written, e.g. the deployment's `REDIS_KEY_PREFIX`. */
  keyPrefix: string;
  /** Counters used while Redis fails; a fresh in-memory limiter unless given. */
  fallback?: RateLimiter;
  degradedCounter?: Counter;
}

type WithConsumeCommand = { omnigateConsumeWindows(numKeys: number, ...keysAndArgs: (string | number)[]): Promise<number[]> };

/**
 * Fixed-window limits shared by every replica through Redis. When Redis fails it degrades to
 * per-replica counters (logged once per outage, metered per decision) rather than refusing all or
 * letting all through.
 */
export class RedisRateLimiter extends RateLimiter {
  private readonly logger = new Logger(RedisRateLimiter.name);
  private readonly fallback: RateLimiter;
  private readonly degradedCounter: Counter;
  private degraded = false;

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly options: RedisRateLimiterOptions,
  ) {
    super();
    this.fallback = options.fallback ?? new InMemoryRateLimiter();
    this.degradedCounter = options.degradedCounter ?? degradedDecisionsCounter();
    if (!('omnigateConsumeWindows' in redis)) redis.defineCommand('omnigateConsumeWindows', { lua: CONSUME_WINDOWS_LUA });
  }

  /** True while decisions come from per-replica counters. */
  get isDegraded(): boolean {
    return this.degraded;
  }

  async consume(subjectKey: string, plan: RateLimitPlan): Promise<RateLimitDecision> {
    let reply: number[];
    try {
      reply = await this.consumeInRedis(subjectKey, plan);
    } catch (error) {
      if (!this.degraded) {
        this.degraded = true;
        this.logger.error(`Redis failed (${(error as Error).message}); rate limits now count per replica until it recovers`);
      }
      this.degradedCounter.inc();
      return this.fallback.consume(subjectKey, plan);
    }
    if (this.degraded) {
      this.degraded = false;
      this.logger.log('Redis is back; rate limits are shared across replicas again');
    }
    const counts = plan.windows.map((_, i) => ({ count: reply[1 + 2 * i], ttlMs: reply[2 + 2 * i] }));
    return decisionOf(plan, counts, reply[0] === 1);
  }

  private consumeInRedis(subjectKey: string, plan: RateLimitPlan): Promise<number[]> {
    // One hash tag per subject keeps all of its windows in one Redis Cluster slot, as a script needs.
    const keys = plan.windows.map((w) => `${this.options.keyPrefix}rl:{${subjectKey}}:${w.name}:${w.windowS}`);
    const args = plan.windows.flatMap((w) => [w.limit, w.windowS * 1000]);
    return (this.redis as unknown as WithConsumeCommand).omnigateConsumeWindows(keys.length, ...keys, ...args);
  }
}
