import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ChannelAuthGuard, ChannelAuthModule, type Channel, type JwksOptions, parseServiceKeys } from '@omnigate/auth';
import { LoadShedGuard, RateLimitGuard, RateLimitModule } from '@omnigate/rate-limit';
import { OpsModule } from '@omnigate/server';
import { SystemClientsModule } from '@omnigate/system-clients';
import { AvailabilityController } from './availability/availability.controller';
import { AvailabilityService } from './availability/availability.service';
import { ProductCatalogue } from './availability/product-catalogue';
import { EdgeCache, ReadBodyGuard, resolveRegistryFile, loadSheddingFrom, StoreDirectory } from '@omnigate/edge';
import { ExperienceStorefrontConfig } from './experience-storefront.config';
import { LoyaltyController } from './loyalty/loyalty.controller';
import { MemberAccountService } from './loyalty/member-account.service';
import { PointsHoldsApi } from './loyalty/points-holds.api';
import { PickupOrdersController } from './pickup-orders/pickup-orders.controller';

/** The channels this API serves; a POS key is refused here. */
export const STOREFRONT_CHANNELS: Channel[] = ['storefront-web', 'storefront-mobile', 'service', 'partner'];

function jwksOf(config: ExperienceStorefrontConfig): JwksOptions | undefined {
  const { OAUTH_JWKS_URL: url, OAUTH_ISSUER: issuer, OAUTH_AUDIENCE: audience } = config;
  return url && issuer && audience ? { url, issuer, audience } : undefined;
}

/** Body check first, then who calls, then load shedding, then the caller's plan. */
function guards(config: ExperienceStorefrontConfig): Provider[] {
  return [
    { provide: APP_GUARD, useFactory: () => new ReadBodyGuard(config.BODY_LIMIT_BYTES) },
    { provide: APP_GUARD, useExisting: ChannelAuthGuard },
    { provide: APP_GUARD, useExisting: LoadShedGuard },
    ...(config.RATE_LIMITING_ENABLED ? [{ provide: APP_GUARD, useExisting: RateLimitGuard }] : []),
  ];
}

/** experience-storefront: availability, pickup orders and loyalty for web, mobile, customer service and partners. */
@Module({})
export class AppModule {
  static register(config: ExperienceStorefrontConfig): DynamicModule {
    const serviceKey = parseServiceKeys(config.INTERNAL_SERVICE_KEYS)[0];
    const registryFile = resolveRegistryFile(config.CLIENT_APP_REGISTRY_FILE);
    return {
      module: AppModule,
      imports: [
        ChannelAuthModule.forRoot({ channels: STOREFRONT_CHANNELS, registryFile, jwks: jwksOf(config) }),
        RateLimitModule.forRoot({
          registryFile,
          redisUrl: config.REDIS_URL,
          keyPrefix: config.REDIS_KEY_PREFIX,
          loadShedding: loadSheddingFrom(config),
        }),
        SystemClientsModule.register({
          serviceKey,
          timeoutMs: config.SYSTEM_API_TIMEOUT_MS,
          urls: { erp: config.SYSTEM_ERP_URL, pos: config.SYSTEM_POS_URL, loyalty: config.SYSTEM_LOYALTY_URL, orders: config.PROCESS_ORDERS_URL },
        }),
        OpsModule.register(),
      ],
      controllers: [AvailabilityController, LoyaltyController, PickupOrdersController],
      providers: [
        { provide: ExperienceStorefrontConfig, useValue: config },
        {
          provide: EdgeCache,
          useFactory: () =>
            new EdgeCache({ ttlMs: config.EDGE_CACHE_TTL_MS, maxEntries: config.EDGE_CACHE_MAX_ENTRIES, directoryTtlS: config.DIRECTORY_TTL_S }),
        },
        { provide: PointsHoldsApi, useFactory: () => PointsHoldsApi.connect(config.PROCESS_ORDERS_URL, serviceKey, config.POINTS_HOLDS_TIMEOUT_MS) },
        StoreDirectory,
        ProductCatalogue,
        AvailabilityService,
        MemberAccountService,
        ...guards(config),
      ],
    };
  }
}
