import { type DynamicModule, Module } from '@nestjs/common';
import { CallerKeyRing } from '@omnigate/auth';
import { EdgeModule, LOW_STOCK_THRESHOLD, StoreStockReader } from '@omnigate/edge';
import { OpsModule } from '@omnigate/server';
import { ProcessClientsModule } from '@omnigate/process-clients';
import { SystemClientsModule } from '@omnigate/system-clients';
import { AvailabilityController } from './availability/availability.controller';
import { AvailabilityService } from './availability/availability.service';
import { ExperiencePosConfig } from './experience-pos.config';
import { TillRedemptionsController } from './loyalty/till-redemptions.controller';
import { StorePickupOrdersController } from './pickup-orders/store-pickup-orders.controller';
import { PricesController } from './prices/prices.controller';
import { ReturnsController } from './returns/returns.controller';
import { TillPricesService } from './prices/till-prices.service';
import { TillSalesController } from './sales/till-sales.controller';

/** experience-pos: prices, promotions, stock, pickup orders and sales for the store's own tills and devices. */
@Module({})
export class AppModule {
  static register(config: ExperiencePosConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EdgeModule.register(config, ['pos']),
        SystemClientsModule.register({
          serviceKey: config.INTERNAL_SERVICE_KEY,
          timeoutMs: config.SYSTEM_API_TIMEOUT_MS,
          maxBodyBytes: config.SYSTEM_API_MAX_BODY_BYTES,
          urls: { erp: config.SYSTEM_ERP_URL, pos: config.SYSTEM_POS_URL },
        }),
        ProcessClientsModule.register({
          serviceKey: config.INTERNAL_SERVICE_KEY,
          timeoutMs: config.SYSTEM_API_TIMEOUT_MS,
          maxBodyBytes: config.SYSTEM_API_MAX_BODY_BYTES,
          urls: { orders: config.PROCESS_ORDERS_URL },
          salesTimeoutMs: config.SALES_API_TIMEOUT_MS,
        }),
        OpsModule.register({ metricsScrapers: CallerKeyRing.parse(config.INTERNAL_CALLER_KEY_DIGESTS) }),
      ],
      controllers: [
        PricesController,
        AvailabilityController,
        StorePickupOrdersController,
        TillRedemptionsController,
        TillSalesController,
        ReturnsController,
      ],
      providers: [
        { provide: ExperiencePosConfig, useValue: config },
        { provide: LOW_STOCK_THRESHOLD, useValue: config.LOW_STOCK_THRESHOLD },
        StoreStockReader,
        AvailabilityService,
        TillPricesService,
      ],
    };
  }
}
