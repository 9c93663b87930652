import { type DynamicModule, Inject, Module, type OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { openRedis } from '@omnigate/redis';
import { InMemoryRateLimiter } from './in-memory.rate-limiter';
import { LoadShedGuard } from './load-shed.guard';
import { LoadShedder } from './load-shedder';
import { RateLimitGuard } from './rate-limit.guard';
import { RATE_LIMIT_REDIS, type RateLimitOptions } from './rate-limit.options';
import { RateLimitPlans } from './rate-limit-plans';
import { RateLimiter } from './rate-limiter';
import { RedisRateLimiter } from './redis.rate-limiter';

/** Provides {@link RateLimitGuard}, {@link LoadShedGuard} and the {@link LoadShedder} of an experience app. */
@Module({})
export class RateLimitModule implements OnApplicationShutdown {
  constructor(@Optional() @Inject(RATE_LIMIT_REDIS) private readonly redis?: Redis) {}

  /**
   * Loads the plans at boot (a bad file stops the start) and counts in Redis when `redis` is set;
   * a Redis down at boot does not stop the app, the limiter counts per replica until it connects.
   */
  static forRoot(options: RateLimitOptions): DynamicModule {
    const settings = options.redis;
    return {
      module: RateLimitModule,
      providers: [
        { provide: RateLimitPlans, useFactory: () => RateLimitPlans.fromFile(options.registryFile) },
        ...(settings ? [{ provide: RATE_LIMIT_REDIS, useFactory: () => openRedis(settings, 'rate-limit') }] : []),
        {
          provide: RateLimiter,
          useFactory: (redis?: Redis) =>
            redis ? new RedisRateLimiter(redis, { keyPrefix: options.keyPrefix ?? 'omnigate:' }) : new InMemoryRateLimiter(),
          inject: [{ token: RATE_LIMIT_REDIS, optional: true }],
        },
        { provide: LoadShedder, useFactory: () => new LoadShedder(options.loadShedding) },
        RateLimitGuard,
        LoadShedGuard,
      ],
      exports: [RateLimitGuard, LoadShedGuard, LoadShedder, RateLimiter, RateLimitPlans],
    };
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
