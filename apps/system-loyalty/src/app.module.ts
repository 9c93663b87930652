import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CallerKeyRing, InternalAuthGuard, InternalAuthModule } from '@omnigate/auth';
import { CacheModule, RedisProbe } from '@omnigate/cache';
import { BackendClientModule, BreakerProbe } from '@omnigate/http-client';
import { callerRateLimitsFrom, RateLimitGuard, RateLimitModule } from '@omnigate/rate-limit';
import { redisSettingsFrom } from '@omnigate/redis';
import { OpsModule } from '@omnigate/server';
import { AccrualReversalsController } from './accruals/accrual-reversals.controller';
import { AccrualReversalsService } from './accruals/accrual-reversals.service';
import { AccrualsController } from './accruals/accruals.controller';
import { AccrualsService } from './accruals/accruals.service';
import { LoyaltyTransactionsController } from './ledger/loyalty-transactions.controller';
import { LoyaltyTransactionsService } from './ledger/loyalty-transactions.service';
import { LoyaltyClient } from './loyalty/loyalty.client';
import { MembersController } from './members/members.controller';
import { MembersService } from './members/members.service';
import { RedemptionsController } from './redemptions/redemptions.controller';
import { RedemptionsService } from './redemptions/redemptions.service';
import { SystemLoyaltyConfig } from './system-loyalty.config';

/** system-loyalty: the loyalty platform's accounts and points movements in canonical shapes. */
@Module({})
export class AppModule {
  static register(config: SystemLoyaltyConfig): DynamicModule {
    const callers = CallerKeyRing.parse(config.INTERNAL_CALLER_KEY_DIGESTS);
    return {
      module: AppModule,
      imports: [
        InternalAuthModule.forRoot({ callers }),
        RateLimitModule.forCallers({
          api: 'system-loyalty',
          limits: callerRateLimitsFrom(config),
          redis: redisSettingsFrom(config),
          keyPrefix: config.REDIS_KEY_PREFIX,
        }),
        CacheModule.register({
          redis: redisSettingsFrom(config),
          keyPrefix: config.REDIS_KEY_PREFIX,
          lockTtlMs: config.CACHE_LOCK_TTL_MS,
        }),
        BackendClientModule.register('loyalty', config),
        OpsModule.register({ probes: [RedisProbe, BreakerProbe], metricsScrapers: callers }),
      ],
      controllers: [
        MembersController,
        AccrualsController,
        AccrualReversalsController,
        RedemptionsController,
        LoyaltyTransactionsController,
      ],
      providers: [
        { provide: APP_GUARD, useExisting: InternalAuthGuard },
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        { provide: SystemLoyaltyConfig, useValue: config },
        LoyaltyClient,
        MembersService,
        AccrualsService,
        AccrualReversalsService,
        RedemptionsService,
        LoyaltyTransactionsService,
      ],
    };
  }
}
