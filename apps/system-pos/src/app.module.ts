import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CallerKeyRing, InternalAuthGuard, InternalAuthModule } from '@omnigate/auth';
import { CacheModule, RedisProbe } from '@omnigate/cache';
import { BackendClientModule, BreakerProbe } from '@omnigate/http-client';
import { callerRateLimitsFrom, RateLimitGuard, RateLimitModule } from '@omnigate/rate-limit';
import { redisSettingsFrom } from '@omnigate/redis';
import { OpsModule } from '@omnigate/server';
import { PosBackOfficeClient } from './pos/pos-back-office.client';
import { PricesController } from './prices/prices.controller';
import { PricesService } from './prices/prices.service';
import { StoresController } from './stores/stores.controller';
import { StoresService } from './stores/stores.service';
import { SystemPosConfig } from './system-pos.config';

/** system-pos: the POS back office's stores, prices and promotions in canonical shapes. */
@Module({})
export class AppModule {
  static register(config: SystemPosConfig): DynamicModule {
    const callers = CallerKeyRing.parse(config.INTERNAL_CALLER_KEY_DIGESTS);
    return {
      module: AppModule,
      imports: [
        InternalAuthModule.forRoot({ callers }),
        RateLimitModule.forCallers({
          api: 'system-pos',
          limits: callerRateLimitsFrom(config),
          redis: redisSettingsFrom(config),
          keyPrefix: config.REDIS_KEY_PREFIX,
        }),
        CacheModule.register({
          redis: redisSettingsFrom(config),
          keyPrefix: config.REDIS_KEY_PREFIX,
          lockTtlMs: config.CACHE_LOCK_TTL_MS,
        }),
        BackendClientModule.register('pos', config),
        OpsModule.register({ probes: [RedisProbe, BreakerProbe], metricsScrapers: callers }),
      ],
      controllers: [StoresController, PricesController],
      providers: [
        { provide: APP_GUARD, useExisting: InternalAuthGuard },
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        { provide: SystemPosConfig, useValue: config },
        PosBackOfficeClient,
        StoresService,
        PricesService,
      ],
    };
  }
}
