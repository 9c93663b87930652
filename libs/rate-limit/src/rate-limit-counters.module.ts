import { type DynamicModule, Inject, Module, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { openRedis, type RedisConnection, type RedisSettings } from '@omnigate/redis';
import { InMemoryThrottlerStorage } from './in-memory-throttler.storage';
import { RATE_LIMIT_REDIS } from './rate-limit.options';
import { RateLimitPlans } from './rate-limit-plans';
import { RateLimitSubjects } from './rate-limit-subjects';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { WindowCounterStorage } from './window-counter.storage';

/** What the counters module is built from. */
export interface RateLimitCountersOptions {
  /** Whom requests are counted for, and their plans; built once at boot (a bad registry stops the start). */
  subjects: () => RateLimitSubjects;
  /** Shared counters across replicas; without Redis each process counts alone. */
  redis?: RedisSettings;
  /** Prefix of every Redis key. */
  keyPrefix?: string;
}

/** Whom requests are counted for, their plans, and the window counters (Redis when configured). */
@Module({})
export class RateLimitCountersModule implements OnApplicationShutdown {
  constructor(@Optional() @Inject(RATE_LIMIT_REDIS) private readonly redis?: RedisConnection) {}

  static forRoot(options: RateLimitCountersOptions): DynamicModule {
    const settings = options.redis;
    return {
      module: RateLimitCountersModule,
      providers: [
        { provide: RateLimitSubjects, useFactory: options.subjects },
        {
          provide: RateLimitPlans,
          useFactory: (s: RateLimitSubjects) => s.plans,
          inject: [RateLimitSubjects],
        },
        ...(settings
          ? [{ provide: RATE_LIMIT_REDIS, useFactory: () => openRedis(settings, 'rate-limit') }]
          : []),
        {
          provide: WindowCounterStorage,
          useFactory: (redis?: RedisConnection) =>
            redis
              ? new RedisThrottlerStorage(redis, { keyPrefix: options.keyPrefix ?? 'omnigate:' })
              : new InMemoryThrottlerStorage(),
          inject: [{ token: RATE_LIMIT_REDIS, optional: true }],
        },
      ],
      exports: [RateLimitSubjects, RateLimitPlans, WindowCounterStorage],
    };
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
