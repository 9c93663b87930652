import { type DynamicModule, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoadShedGuard } from './load-shed.guard';
import { LoadShedder } from './load-shedder';
import { planThrottlers } from './plan-throttlers';
import { RateLimitCountersModule } from './rate-limit-counters.module';
import { RateLimitGuard } from './rate-limit.guard';
import type { RateLimitOptions } from './rate-limit.options';
import { RateLimitPlans } from './rate-limit-plans';
import { WindowCounterStorage } from './window-counter.storage';

/**
 * Provides {@link RateLimitGuard} (`@nestjs/throttler` with the plans' windows as named throttlers),
 * {@link LoadShedGuard} and the {@link LoadShedder} of an experience app.
 */
@Module({})
export class RateLimitModule {
  /**
   * Loads the plans at boot (a bad file stops the start) and counts in Redis when `redis` is set;
   * a Redis down at boot does not stop the app, the counters are per replica until it connects.
   */
  static forRoot(options: RateLimitOptions): DynamicModule {
    const counters = RateLimitCountersModule.forRoot(options);
    return {
      module: RateLimitModule,
      imports: [
        counters,
        ThrottlerModule.forRootAsync({
          imports: [counters],
          inject: [RateLimitPlans, WindowCounterStorage],
          useFactory: (plans: RateLimitPlans, storage: WindowCounterStorage) => ({ throttlers: planThrottlers(plans), storage }),
        }),
      ],
      providers: [{ provide: LoadShedder, useFactory: () => new LoadShedder(options.loadShedding) }, RateLimitGuard, LoadShedGuard],
      exports: [RateLimitGuard, LoadShedGuard, LoadShedder, counters],
    };
  }
}
