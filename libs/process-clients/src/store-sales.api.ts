import type { StoreSalesBatchDto, StoreSalesBatchResultDto } from '@omnigate/contracts';
import type { Forwarded, SystemApiClient } from '@omnigate/system-clients';
import { type ProcessCaller, processCallerHeaders } from './process-caller';

/** process-orders' store sales, as the POS experience calls them for the tills. */
export class StoreSalesApi {
  constructor(private readonly client: SystemApiClient) {}

  record(caller: ProcessCaller, batch: StoreSalesBatchDto): Promise<Forwarded<StoreSalesBatchResultDto>> {
    return this.client.forward(
      'record store sales',
      'POST',
      '/v1/sales',
      batch,
      processCallerHeaders(caller),
    );
  }
}
