import { type DynamicModule, Module } from '@nestjs/common';
import { CallerKeyRing, type Channel } from '@omnigate/auth';
import { EdgeModule, LOW_STOCK_THRESHOLD, StoreStockReader } from '@omnigate/edge';
import { OpsModule } from '@omnigate/server';
import { PointsHoldsApi, ProcessClientsModule } from '@omnigate/process-clients';
import { SystemClientsModule } from '@omnigate/system-clients';
import { AvailabilityController } from './availability/availability.controller';
import { AvailabilityService } from './availability/availability.service';
import { ProductCatalogue } from './availability/product-catalogue';
import { ExperienceStorefrontConfig } from './experience-storefront.config';
import { LoyaltyController } from './loyalty/loyalty.controller';
import { MemberAccountService } from './loyalty/member-account.service';
import { PickupOrdersController } from './pickup-orders/pickup-orders.controller';
import { CustomerServiceReturnsController } from './returns/customer-service-returns.controller';

/** The channels this API serves; a POS key is refused here. */
export const STOREFRONT_CHANNELS: Channel[] = ['storefront-web', 'storefront-mobile', 'service', 'partner'];

/** experience-storefront: availability, pickup orders and loyalty for web, mobile, customer service and partners. */
@Module({})
export class AppModule {
  static register(config: ExperienceStorefrontConfig): DynamicModule {
    const serviceKey = config.INTERNAL_SERVICE_KEY;
    return {
      module: AppModule,
      imports: [
        EdgeModule.register(config, STOREFRONT_CHANNELS),
        SystemClientsModule.register({
          serviceKey,
          timeoutMs: config.SYSTEM_API_TIMEOUT_MS,
          maxBodyBytes: config.SYSTEM_API_MAX_BODY_BYTES,
          urls: {
            erp: config.SYSTEM_ERP_URL,
            pos: config.SYSTEM_POS_URL,
            loyalty: config.SYSTEM_LOYALTY_URL,
          },
        }),
        ProcessClientsModule.register({
          serviceKey,
          timeoutMs: config.SYSTEM_API_TIMEOUT_MS,
          maxBodyBytes: config.SYSTEM_API_MAX_BODY_BYTES,
          urls: { orders: config.PROCESS_ORDERS_URL },
        }),
        OpsModule.register({ metricsScrapers: CallerKeyRing.parse(config.INTERNAL_CALLER_KEY_DIGESTS) }),
      ],
      controllers: [
        AvailabilityController,
        LoyaltyController,
        PickupOrdersController,
        CustomerServiceReturnsController,
      ],
      providers: [
        { provide: ExperienceStorefrontConfig, useValue: config },
        {
          provide: PointsHoldsApi,
          useFactory: () =>
            PointsHoldsApi.connect(
              config.PROCESS_ORDERS_URL,
              serviceKey,
              config.POINTS_HOLDS_TIMEOUT_MS,
              config.SYSTEM_API_MAX_BODY_BYTES,
            ),
        },
        { provide: LOW_STOCK_THRESHOLD, useValue: config.LOW_STOCK_THRESHOLD },
        StoreStockReader,
        ProductCatalogue,
        AvailabilityService,
        MemberAccountService,
      ],
    };
  }
}
