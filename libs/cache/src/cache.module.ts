import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { rootLogger } from '@omnigate/observability';
import type { ReadinessProbe } from '@omnigate/server';
import type { CacheStore } from './cache-store';
import { MemoryCacheStore } from './memory-cache.store';
import { ReadThroughCache } from './read-through-cache';
import { RedisCacheStore } from './redis-cache.store';
import { connectRedis } from './redis-connection';

/** The app's Redis connection, or null in the embedded single-process default. */
export const REDIS = Symbol('REDIS');

/** Ready when Redis answers a PING (or when the app runs without Redis). */
@Injectable()
export class RedisProbe implements ReadinessProbe, OnApplicationShutdown {
  readonly name = 'redis';
  constructor(@Optional() @Inject(REDIS) private readonly redis: Redis | null) {}

  async check() {
    if (!this.redis) return { up: true, detail: { mode: 'in-memory' } };
    const up = await this.redis.ping().then(
      () => true,
      () => false,
    );
    return { up, detail: { mode: 'redis' } };
  }

  onApplicationShutdown() {
    this.redis?.disconnect();
  }
}

/** Provides the app's read-through cache on Redis when configured, in memory otherwise. */
@Module({})
export class CacheModule {
  static register(options: { redisUrl?: string; keyPrefix: string }): DynamicModule {
    return {
      module: CacheModule,
      global: true,
      providers: [
        { provide: REDIS, useFactory: () => (options.redisUrl ? connectRedis(options.redisUrl) : null) },
        {
          provide: ReadThroughCache,
          inject: [REDIS],
          useFactory: (redis: Redis | null) => {
            const store: CacheStore = redis ? new RedisCacheStore(redis, `${options.keyPrefix}cache:`) : new MemoryCacheStore();
            return new ReadThroughCache(store, rootLogger());
          },
        },
        RedisProbe,
      ],
      exports: [REDIS, ReadThroughCache, RedisProbe],
    };
  }
}
