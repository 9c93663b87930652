import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { CallerSubjects } from './caller-subjects';
import { ClientAppSubjects } from './client-app-subjects';
import { LoadShedGuard } from './load-shed.guard';
import { LoadShedder } from './load-shedder';
import { planThrottlers } from './plan-throttlers';
import { RateLimitCountersModule, type RateLimitCountersOptions } from './rate-limit-counters.module';
import { RateLimitGuard } from './rate-limit.guard';
import type { CallerRateLimitOptions, RateLimitOptions } from './rate-limit.options';
import { RateLimitPlans } from './rate-limit-plans';
import { RateLimitSubjects } from './rate-limit-subjects';
import { WindowCounterStorage } from './window-counter.storage';

/**
 * Provides {@link RateLimitGuard} (`@nestjs/throttler` with the plans' windows as named throttlers):
 * at the edge with the {@link LoadShedGuard} and {@link LoadShedder} of an experience app
 * ({@link forRoot}), on a process or system API for its calling apps ({@link forCallers}).
 */
@Module({})
export class RateLimitModule {
  /**
   * At the edge: loads the plans of the client-app registry at boot (a bad file stops the start) and
   * counts in Redis when `redis` is set; a Redis down at boot does not stop the app, the counters
   * are per replica until it connects.
   */
  static forRoot(options: RateLimitOptions): DynamicModule {
    return RateLimitModule.counting(
      {
        subjects: () => new ClientAppSubjects(RateLimitPlans.fromFile(options.registryFile)),
        redis: options.redis,
        keyPrefix: options.keyPrefix,
      },
      [{ provide: LoadShedder, useFactory: () => new LoadShedder(options.loadShedding) }, LoadShedGuard],
    );
  }

  /**
   * On an internal API: each calling app counted on its own under the `INTERNAL_RATE_LIMIT_*`
   * limits, in Redis across replicas when `redis` is set, per replica otherwise.
   */
  static forCallers(options: CallerRateLimitOptions): DynamicModule {
    return RateLimitModule.counting({
      subjects: () => new CallerSubjects(options.api, options.limits, options.identifyCaller),
      redis: options.redis,
      keyPrefix: options.keyPrefix,
    });
  }

  private static counting(counting: RateLimitCountersOptions, extra: Provider[] = []): DynamicModule {
    const counters = RateLimitCountersModule.forRoot(counting);
    return {
      module: RateLimitModule,
      imports: [
        counters,
        ThrottlerModule.forRootAsync({
          imports: [counters],
          inject: [RateLimitSubjects, WindowCounterStorage],
          useFactory: (subjects: RateLimitSubjects, storage: WindowCounterStorage) => ({
            throttlers: planThrottlers(subjects),
            storage,
          }),
        }),
      ],
      providers: [RateLimitGuard, ...extra],
      exports: [RateLimitGuard, ...extra, counters],
    };
  }
}
