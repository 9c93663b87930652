import { ORDER_ACCESS_TOKEN_HEADER } from '@omnigate/contracts';

/**
 * Who a process API call is made for: the channel's client app, the key that makes a write safe to
 * repeat, and the access token a guest order was placed with. One type for every process client.
 */
export interface ProcessCaller {
  clientAppId: string;
  channel: string;
  idempotencyKey?: string;
  orderAccessToken?: string;
}

/** The headers that carry a caller to process-orders, which trusts them from the experience apps only. */
export function processCallerHeaders(caller: ProcessCaller): Record<string, string> {
  return {
    'x-on-behalf-of': caller.clientAppId,
    'x-channel': caller.channel,
    ...(caller.idempotencyKey !== undefined && { 'idempotency-key': caller.idempotencyKey }),
    ...(caller.orderAccessToken !== undefined && { [ORDER_ACCESS_TOKEN_HEADER]: caller.orderAccessToken }),
  };
}
