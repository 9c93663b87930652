import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { rootLogger } from '@omnigate/observability';
import { openRedis, redisReachability, type RedisConnection, type RedisSettings } from '@omnigate/redis';
import type { ReadinessProbe } from '@omnigate/server';
import type { CacheStore } from './cache-store';
import { FailOpenCacheStore } from './fail-open-cache.store';
import { MemoryCacheStore } from './memory-cache.store';
import { ReadThroughCache } from './read-through-cache';
import { RedisCacheStore } from './redis-cache.store';

/** The app's Redis connection, or null in the embedded single-process default. */
export const REDIS = Symbol('REDIS');

/** Entries a replica keeps in memory to answer from while Redis fails. */
const FALLBACK_MAX_ENTRIES = 20_000;

/**
 * Reports whether Redis answers, but is always ready: without Redis the cache answers from this
 * replica's memory and the backend, so taking every replica out of the balancer would only hurt.
 */
@Injectable()
export class RedisProbe implements ReadinessProbe, OnApplicationShutdown {
  readonly name = 'redis';
  constructor(@Optional() @Inject(REDIS) private readonly redis: RedisConnection | null) {}

  async check() {
    return { up: true, detail: await redisReachability(this.redis) };
  }

  onApplicationShutdown() {
    this.redis?.disconnect();
  }
}

/** How the app caches: Redis when configured (memory otherwise), under a key prefix, with a coalescing lock TTL. */
export interface CacheOptions {
  redis?: RedisSettings;
  keyPrefix: string;
  lockTtlMs: number;
}

/** Provides the app's read-through cache on Redis (failing open to memory) when configured, in memory otherwise. */
@Module({})
export class CacheModule {
  static register(options: CacheOptions): DynamicModule {
    const { redis: settings, keyPrefix, lockTtlMs } = options;
    return {
      module: CacheModule,
      global: true,
      providers: [
        { provide: REDIS, useFactory: () => (settings ? openRedis(settings, 'cache') : null) },
        {
          provide: ReadThroughCache,
          inject: [REDIS],
          useFactory: (redis: RedisConnection | null) => {
            const store: CacheStore = redis
              ? new FailOpenCacheStore(
                  new RedisCacheStore(redis, `${keyPrefix}cache:`),
                  new MemoryCacheStore({ maxEntries: FALLBACK_MAX_ENTRIES }),
                  rootLogger(),
                  settings!.commandTimeoutMs,
                )
              : new MemoryCacheStore({ keepsObjects: true });
            return new ReadThroughCache(store, rootLogger(), lockTtlMs);
          },
        },
        RedisProbe,
      ],
      exports: [REDIS, ReadThroughCache, RedisProbe],
    };
  }
}
