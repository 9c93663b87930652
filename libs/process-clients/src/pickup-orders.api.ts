import {
  ORDER_ACCESS_TOKEN_HEADER,
  type PickupOrderView,
  type PlacedPickupOrderView,
  type PlacePickupOrderDto,
} from '@omnigate/contracts';
import type { Forwarded, SystemApiClient } from '@omnigate/system-clients';

/** Who a pickup order call is made for, the key that makes a write safe to repeat, and a guest order's access token. */
export interface PickupOrderCaller {
  clientAppId: string;
  channel: string;
  idempotencyKey?: string;
  orderAccessToken?: string;
}

function headersOf(caller: PickupOrderCaller): Record<string, string> {
  return {
    'x-on-behalf-of': caller.clientAppId,
    'x-channel': caller.channel,
    ...(caller.idempotencyKey !== undefined && { 'idempotency-key': caller.idempotencyKey }),
    ...(caller.orderAccessToken !== undefined && { [ORDER_ACCESS_TOKEN_HEADER]: caller.orderAccessToken }),
  };
}

const orderPath = (orderId: string) => `/v1/pickup-orders/${encodeURIComponent(orderId)}`;

/** process-orders' pickup orders, as the experience layer calls them for its channels. */
export class PickupOrdersApi {
  constructor(private readonly client: SystemApiClient) {}

  place(caller: PickupOrderCaller, order: PlacePickupOrderDto): Promise<Forwarded<PlacedPickupOrderView>> {
    return this.client.forward('place pickup order', 'POST', '/v1/pickup-orders', order, headersOf(caller));
  }

  get(caller: PickupOrderCaller, orderId: string): Promise<Forwarded<PickupOrderView>> {
    return this.client.forward('read pickup order', 'GET', orderPath(orderId), undefined, headersOf(caller));
  }

  cancel(caller: PickupOrderCaller, orderId: string): Promise<Forwarded<PickupOrderView>> {
    return this.client.forward(
      'cancel pickup order',
      'POST',
      `${orderPath(orderId)}/cancel`,
      {},
      headersOf(caller),
    );
  }

  markReady(
    caller: PickupOrderCaller,
    orderId: string,
    storeId: string,
  ): Promise<Forwarded<PickupOrderView>> {
    return this.client.forward(
      'mark pickup order ready',
      'POST',
      `${orderPath(orderId)}/ready`,
      { storeId },
      headersOf(caller),
    );
  }

  collect(caller: PickupOrderCaller, orderId: string, storeId: string): Promise<Forwarded<PickupOrderView>> {
    return this.client.forward(
      'collect pickup order',
      'POST',
      `${orderPath(orderId)}/collect`,
      { storeId },
      headersOf(caller),
    );
  }
}
