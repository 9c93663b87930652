import { type DynamicModule, Inject, Logger, Module, type OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { InMemoryRateLimiter } from './in-memory.rate-limiter';
import { LoadShedGuard } from './load-shed.guard';
import { LoadShedder } from './load-shedder';
import { RateLimitGuard } from './rate-limit.guard';
import { RATE_LIMIT_REDIS, type RateLimitOptions } from './rate-limit.options';
import { createRateLimitRedis } from './rate-limit.redis';
import { RateLimitPlans } from './rate-limit-plans';
import { RateLimiter } from './rate-limiter';
import { RedisRateLimiter } from './redis.rate-limiter';

async function connect(url: string): Promise<Redis> {
  const redis = createRateLimitRedis(url);
  // A Redis down at boot must not stop the app: the limiter degrades to local counters until it connects.
  await redis.connect().catch((error: Error) => {
    new Logger(RateLimitModule.name).warn(`Redis unreachable at start (${error.message}); counting per replica until it connects`);
  });
  return redis;
}

/** Provides {@link RateLimitGuard}, {@link LoadShedGuard} and the {@link LoadShedder} of an experience app. */
@Module({})
export class RateLimitModule implements OnApplicationShutdown {
  constructor(@Optional() @Inject(RATE_LIMIT_REDIS) private readonly redis?: Redis) {}

  /** Loads the plans at boot (a bad file stops the start) and counts in Redis when `redisUrl` is set. */
  static forRoot(options: RateLimitOptions): DynamicModule {
    const redisUrl = options.redisUrl;
    return {
      module: RateLimitModule,
      providers: [
        { provide: RateLimitPlans, useFactory: () => RateLimitPlans.fromFile(options.registryFile) },
        ...(redisUrl ? [{ provide: RATE_LIMIT_REDIS, useFactory: () => connect(redisUrl) }] : []),
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
