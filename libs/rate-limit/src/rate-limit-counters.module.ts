import { type DynamicModule, Inject, Module, type OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { openRedis } from '@omnigate/redis';
import { InMemoryThrottlerStorage } from './in-memory-throttler.storage';
import { RATE_LIMIT_REDIS, type RateLimitOptions } from './rate-limit.options';
import { RateLimitPlans } from './rate-limit-plans';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { WindowCounterStorage } from './window-counter.storage';

/** The plans of the registry and the window counters they are counted in (Redis when configured). */
@Module({})
export class RateLimitCountersModule implements OnApplicationShutdown {
  constructor(@Optional() @Inject(RATE_LIMIT_REDIS) private readonly redis?: Redis) {}

  static forRoot(options: RateLimitOptions): DynamicModule {
    const settings = options.redis;
    return {
      module: RateLimitCountersModule,
      providers: [
        { provide: RateLimitPlans, useFactory: () => RateLimitPlans.fromFile(options.registryFile) },
        ...(settings ? [{ provide: RATE_LIMIT_REDIS, useFactory: () => openRedis(settings, 'rate-limit') }] : []),
        {
          provide: WindowCounterStorage,
          useFactory: (redis?: Redis) =>
            redis ? new RedisThrottlerStorage(redis, { keyPrefix: options.keyPrefix ?? 'omnigate:' }) : new InMemoryThrottlerStorage(),
          inject: [{ token: RATE_LIMIT_REDIS, optional: true }],
        },
      ],
      exports: [RateLimitPlans, WindowCounterStorage],
    };
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
