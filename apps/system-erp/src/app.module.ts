import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CallerKeyRing, InternalAuthGuard, InternalAuthModule } from '@omnigate/auth';
import { CacheModule, RedisProbe } from '@omnigate/cache';
import { BackendClientModule, BreakerProbe } from '@omnigate/http-client';
import { redisSettingsFrom } from '@omnigate/redis';
import { OpsModule } from '@omnigate/server';
import { ErpClient } from './erp/erp.client';
import { InventoryController } from './inventory/inventory.controller';
import { InventoryService } from './inventory/inventory.service';
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
        CacheModule.register({ redis: redisSettingsFrom(config), keyPrefix: config.REDIS_KEY_PREFIX, lockTtlMs: config.CACHE_LOCK_TTL_MS }),
        BackendClientModule.register('erp', config),
        OpsModule.register({ probes: [RedisProbe, BreakerProbe], metricsScrapers: callers }),
      ],
      controllers: [InventoryController, ProductsController, PostingsController],
      providers: [
        { provide: APP_GUARD, useExisting: InternalAuthGuard },
        { provide: SystemErpConfig, useValue: config },
        ErpClient,
        InventoryService,
        ProductsService,
        PostingsService,
      ],
    };
  }
}
