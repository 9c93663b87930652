import { type DynamicModule, Module } from '@nestjs/common';
import { UPSTREAM_SATURATION, type UpstreamSaturationListener } from '@omnigate/http-client';
import {
  type InternalApiOptions,
  internalApiClient,
  type SystemApiClient,
  UPSTREAM_APIS,
} from '@omnigate/system-clients';
import { PickupOrdersApi } from './pickup-orders.api';
import { ReturnsApi } from './returns.api';
import { StoreSalesApi } from './store-sales.api';
import { TillRedemptionsApi } from './till-redemptions.api';

/** Where the process APIs listen and how this app reaches them. */
export interface ProcessClientsOptions extends InternalApiOptions {
  urls: { orders: string };
  /** How long a batch of store sales may take (a backlog is accepted sale by sale); `timeoutMs` when unset. */
  salesTimeoutMs?: number;
}

const PROCESS_ORDERS_CLIENT = Symbol('PROCESS_ORDERS_CLIENT');

/** Provides a typed client of each process API; breaker changes reach the app's UPSTREAM_SATURATION listener, if any. */
@Module({})
export class ProcessClientsModule {
  static register(options: ProcessClientsOptions): DynamicModule {
    // One client (one breaker) for process-orders, whichever of its APIs is called.
    const ordersClient = {
      provide: PROCESS_ORDERS_CLIENT,
      inject: [{ token: UPSTREAM_SATURATION, optional: true }],
      useFactory: (saturation?: UpstreamSaturationListener) =>
        internalApiClient(UPSTREAM_APIS.orders, options.urls.orders, options, saturation),
    };
    const pickupOrders = {
      provide: PickupOrdersApi,
      inject: [PROCESS_ORDERS_CLIENT],
      useFactory: (client: SystemApiClient) => new PickupOrdersApi(client),
    };
    const returns = {
      provide: ReturnsApi,
      inject: [PROCESS_ORDERS_CLIENT],
      useFactory: (client: SystemApiClient) => new ReturnsApi(client),
    };
    const tillRedemptions = {
      provide: TillRedemptionsApi,
      inject: [PROCESS_ORDERS_CLIENT],
      useFactory: (client: SystemApiClient) => new TillRedemptionsApi(client),
    };
    // A batch of sales may take longer than one call: its own client, with its own timeout.
    const storeSales = {
      provide: StoreSalesApi,
      inject: [{ token: UPSTREAM_SATURATION, optional: true }],
      useFactory: (saturation?: UpstreamSaturationListener) =>
        new StoreSalesApi(
          internalApiClient(
            UPSTREAM_APIS.orders,
            options.urls.orders,
            { ...options, timeoutMs: options.salesTimeoutMs ?? options.timeoutMs },
            saturation,
          ),
        ),
    };
    return {
      module: ProcessClientsModule,
      global: true,
      providers: [ordersClient, pickupOrders, tillRedemptions, storeSales, returns],
      exports: [PickupOrdersApi, TillRedemptionsApi, StoreSalesApi, ReturnsApi],
    };
  }
}
