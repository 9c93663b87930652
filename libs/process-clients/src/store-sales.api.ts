import type { StoreSalesBatchDto, StoreSalesBatchResultDto } from '@omnigate/contracts';
import type { Forwarded, SystemApiClient } from '@omnigate/system-clients';
import type { PickupOrderCaller } from './pickup-orders.api';

/** Who a store sales call is made for, and the key that makes it safe to repeat: the caller of every process API write. */
export type StoreSalesCaller = Pick<PickupOrderCaller, 'clientAppId' | 'channel' | 'idempotencyKey'>;

/** process-orders' store sales, as the POS experience calls them for the tills. */
export class StoreSalesApi {
  constructor(private readonly client: SystemApiClient) {}

  record(caller: StoreSalesCaller, batch: StoreSalesBatchDto): Promise<Forwarded<StoreSalesBatchResultDto>> {
    return this.client.forward('record store sales', 'POST', '/v1/sales', batch, {
      'x-on-behalf-of': caller.clientAppId,
      'x-channel': caller.channel,
      ...(caller.idempotencyKey !== undefined && { 'idempotency-key': caller.idempotencyKey }),
    });
  }
}
