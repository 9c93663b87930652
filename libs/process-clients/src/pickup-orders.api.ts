import type { PickupOrderView, PlacedPickupOrderView, PlacePickupOrderDto } from '@omnigate/contracts';
import type { Forwarded, SystemApiClient } from '@omnigate/system-clients';
import { type ProcessCaller, processCallerHeaders } from './process-caller';

const orderPath = (orderId: string) => `/v1/pickup-orders/${encodeURIComponent(orderId)}`;

/** process-orders' pickup orders, as the experience layer calls them for its channels. */
export class PickupOrdersApi {
  constructor(private readonly client: SystemApiClient) {}

  place(caller: ProcessCaller, order: PlacePickupOrderDto): Promise<Forwarded<PlacedPickupOrderView>> {
    return this.client.forward(
      'place pickup order',
      'POST',
      '/v1/pickup-orders',
      order,
      processCallerHeaders(caller),
    );
  }

  get(caller: ProcessCaller, orderId: string): Promise<Forwarded<PickupOrderView>> {
    return this.client.forward(
      'read pickup order',
      'GET',
      orderPath(orderId),
      undefined,
      processCallerHeaders(caller),
    );
  }

  cancel(caller: ProcessCaller, orderId: string): Promise<Forwarded<PickupOrderView>> {
    return this.client.forward(
      'cancel pickup order',
      'POST',
      `${orderPath(orderId)}/cancel`,
      {},
      processCallerHeaders(caller),
    );
  }

  markReady(caller: ProcessCaller, orderId: string, storeId: string): Promise<Forwarded<PickupOrderView>> {
    return this.client.forward(
      'mark pickup order ready',
      'POST',
      `${orderPath(orderId)}/ready`,
      { storeId },
      processCallerHeaders(caller),
    );
  }

  collect(caller: ProcessCaller, orderId: string, storeId: string): Promise<Forwarded<PickupOrderView>> {
    return this.client.forward(
      'collect pickup order',
      'POST',
      `${orderPath(orderId)}/collect`,
      { storeId },
      processCallerHeaders(caller),
    );
  }
}
