import type { RedisSettings } from '@omnigate/redis';
import type { CallerRateLimits, IdentifyCaller } from './caller-subjects';
import type { LoadShedderOptions } from './load-shedder';

/** How an app limits and sheds its channel traffic. */
export interface RateLimitOptions {
  /** Path of the client-app registry JSON file holding the plans. */
  registryFile: string;
  /** Shared counters across replicas; without Redis each process counts alone (the embedded default). */
  redis?: RedisSettings;
  /** Prefix of every Redis key, e.g. the deployment's `REDIS_KEY_PREFIX`. */
  keyPrefix?: string;
  loadShedding?: Partial<LoadShedderOptions>;
}

/** How a process or system API (or the control tower) limits each of its callers. */
export interface CallerRateLimitOptions {
  /** The API counting, part of every counter's key: its callers' counters are its own. */
  api: string;
  limits: CallerRateLimits;
  /** Who calls; by default the internal caller `InternalAuthGuard` identified. */
  identifyCaller?: IdentifyCaller;
  /** Shared counters across replicas; without Redis each replica counts alone. */
  redis?: RedisSettings;
  /** Prefix of every Redis key, e.g. the deployment's `REDIS_KEY_PREFIX`. */
  keyPrefix?: string;
}

/** Injection token of the rate limiter's Redis connection (absent without `redisUrl`). */
export const RATE_LIMIT_REDIS = Symbol('RateLimitRedis');
