import { type DynamicModule, Module } from '@nestjs/common';
import { UPSTREAM_SATURATION, type UpstreamSaturationListener } from '@omnigate/http-client';
import { type InternalApiOptions, internalApiClient, UPSTREAM_APIS } from '@omnigate/system-clients';
import { PickupOrdersApi } from './pickup-orders.api';
import { ReturnsApi } from './returns.api';
import { StoreSalesApi } from './store-sales.api';

/** Where the process APIs listen and how this app reaches them. */
export interface ProcessClientsOptions extends InternalApiOptions {
  urls: { orders: string };
  /** How long a batch of store sales may take (a backlog is accepted sale by sale); `timeoutMs` when unset. */
  salesTimeoutMs?: number;
}

/** Provides a typed client of each process API; breaker changes reach the app's UPSTREAM_SATURATION listener, if any. */
@Module({})
export class ProcessClientsModule {
  static register(options: ProcessClientsOptions): DynamicModule {
    const pickupOrders = {
      provide: PickupOrdersApi,
      inject: [{ token: UPSTREAM_SATURATION, optional: true }],
      useFactory: (saturation?: UpstreamSaturationListener) =>
        new PickupOrdersApi(internalApiClient(UPSTREAM_APIS.orders, options.urls.orders, options, saturation)),
    };
    const returns = {
      provide: ReturnsApi,
      inject: [{ token: UPSTREAM_SATURATION, optional: true }],
      useFactory: (saturation?: UpstreamSaturationListener) =>
        new ReturnsApi(internalApiClient(UPSTREAM_APIS.orders, options.urls.orders, options, saturation)),
    };
    const storeSales = {
      provide: StoreSalesApi,
      inject: [{ token: UPSTREAM_SATURATION, optional: true }],
      useFactory: (saturation?: UpstreamSaturationListener) =>
        new StoreSalesApi(
          internalApiClient(UPSTREAM_APIS.orders, options.urls.orders, { ...options, timeoutMs: options.salesTimeoutMs ?? options.timeoutMs }, saturation),
        ),
    };
    return { module: ProcessClientsModule, global: true, providers: [pickupOrders, returns, storeSales], exports: [PickupOrdersApi, ReturnsApi, StoreSalesApi] };
  }
}
