import type { StoreSalesBatchDto, StoreSalesBatchResultDto } from '@omnigate/contracts';
import type { Forwarded, SystemApiClient } from '@omnigate/system-clients';

/** Who a store sales call is made for, and the key that makes it safe to repeat. */
export interface StoreSalesCaller {
  clientAppId: string;
  channel: string;
  idempotencyKey?: string;
}

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
