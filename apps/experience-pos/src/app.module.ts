import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ChannelAuthGuard, ChannelAuthModule, type JwksOptions, parseServiceKeys } from '@omnigate/auth';
import { LoadShedGuard, RateLimitGuard, RateLimitModule } from '@omnigate/rate-limit';
import { OpsModule } from '@omnigate/server';
import { SystemClientsModule } from '@omnigate/system-clients';
import { AvailabilityController } from './availability/availability.controller';
import { AvailabilityService } from './availability/availability.service';
import { EdgeCache, ReadBodyGuard, resolveRegistryFile, loadSheddingFrom, StoreDirectory } from '@omnigate/edge';
import { ExperiencePosConfig } from './experience-pos.config';
import { StorePickupOrdersController } from './pickup-orders/store-pickup-orders.controller';
import { PricesController } from './prices/prices.controller';
import { TillPricesService } from './prices/till-prices.service';

function jwksOf(config: ExperiencePosConfig): JwksOptions | undefined {
  const { OAUTH_JWKS_URL: url, OAUTH_ISSUER: issuer, OAUTH_AUDIENCE: audience } = config;
  return url && issuer && audience ? { url, issuer, audience } : undefined;
}

/** Body check first, then who calls, then load shedding, then the caller's plan. */
function guards(config: ExperiencePosConfig): Provider[] {
  return [
    { provide: APP_GUARD, useFactory: () => new ReadBodyGuard(config.BODY_LIMIT_BYTES) },
    { provide: APP_GUARD, useExisting: ChannelAuthGuard },
    { provide: APP_GUARD, useExisting: LoadShedGuard },
    ...(config.RATE_LIMITING_ENABLED ? [{ provide: APP_GUARD, useExisting: RateLimitGuard }] : []),
  ];
}

/** experience-pos: prices, promotions and stock for the store's own tills and devices. */
@Module({})
export class AppModule {
  static register(config: ExperiencePosConfig): DynamicModule {
    const serviceKey = parseServiceKeys(config.INTERNAL_SERVICE_KEYS)[0];
    const registryFile = resolveRegistryFile(config.CLIENT_APP_REGISTRY_FILE);
    return {
      module: AppModule,
      imports: [
        ChannelAuthModule.forRoot({ channels: ['pos'], registryFile, jwks: jwksOf(config) }),
        RateLimitModule.forRoot({
          registryFile,
          redisUrl: config.REDIS_URL,
          keyPrefix: config.REDIS_KEY_PREFIX,
          loadShedding: loadSheddingFrom(config),
        }),
        SystemClientsModule.register({
          serviceKey,
          timeoutMs: config.SYSTEM_API_TIMEOUT_MS,
          urls: { erp: config.SYSTEM_ERP_URL, pos: config.SYSTEM_POS_URL, orders: config.PROCESS_ORDERS_URL },
        }),
        OpsModule.register(),
      ],
      controllers: [PricesController, AvailabilityController, StorePickupOrdersController],
      providers: [
        { provide: ExperiencePosConfig, useValue: config },
        {
          provide: EdgeCache,
          useFactory: () =>
            new EdgeCache({ ttlMs: config.EDGE_CACHE_TTL_MS, maxEntries: config.EDGE_CACHE_MAX_ENTRIES, directoryTtlS: config.DIRECTORY_TTL_S }),
        },
        StoreDirectory,
        AvailabilityService,
        TillPricesService,
        ...guards(config),
      ],
    };
  }
}
