import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CallerKeyRing, InternalAuthGuard, InternalAuthModule } from '@omnigate/auth';
import { CacheModule, RedisProbe } from '@omnigate/cache';
import { BackendClientModule, BreakerProbe } from '@omnigate/http-client';
import { callerRateLimitsFrom, RateLimitGuard, RateLimitModule } from '@omnigate/rate-limit';
import { redisSettingsFrom } from '@omnigate/redis';
import { OpsModule } from '@omnigate/server';
import { ErpClient } from './erp/erp.client';
import { InventoryController } from './inventory/inventory.controller';
import { InventoryService } from './inventory/inventory.service';
import { ErpDocumentsController } from './postings/erp-documents.controller';
import { ErpDocumentsService } from './postings/erp-documents.service';
import { PostingsController } from './postings/postings.controller';
import { PostingsService } from './postings/postings.service';
import { ProductsController } from './products/products.controller';
import { ProductsService } from './products/products.service';
import { SystemErpConfig } from './system-erp.config';

/** system-erp: the ERP's products, store stock and document postings in canonical shapes. */
@Module({})
export class AppModule {
  static register(config: SystemErpConfig): DynamicModule {
    const callers = CallerKeyRing.parse(config.INTERNAL_CALLER_KEY_DIGESTS);
    return {
      module: AppModule,
      imports: [
        InternalAuthModule.forRoot({ callers }),
        RateLimitModule.forCallers({
          api: 'system-erp',
          limits: callerRateLimitsFrom(config),
          redis: redisSettingsFrom(config),
          keyPrefix: config.REDIS_KEY_PREFIX,
        }),
        CacheModule.register({
          redis: redisSettingsFrom(config),
          keyPrefix: config.REDIS_KEY_PREFIX,
          lockTtlMs: config.CACHE_LOCK_TTL_MS,
        }),
        BackendClientModule.register('erp', config),
        OpsModule.register({ probes: [RedisProbe, BreakerProbe], metricsScrapers: callers }),
      ],
      controllers: [InventoryController, ProductsController, PostingsController, ErpDocumentsController],
      providers: [
        { provide: APP_GUARD, useExisting: InternalAuthGuard },
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        { provide: SystemErpConfig, useValue: config },
        ErpClient,
        InventoryService,
        ProductsService,
        PostingsService,
        ErpDocumentsService,
      ],
    };
  }
}
