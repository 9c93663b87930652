import type { Store, StorePricesResponse, StoresResponse } from '@omnigate/contracts';
import type { Cached } from '@omnigate/cache';
import type { SystemApiClient } from './system-api.client';

/** system-pos: stores, prices and promotions from the POS back office. */
export class PosApi {
  constructor(private readonly client: SystemApiClient) {}

  /** Every store of the network. */
  stores(): Promise<Cached<StoresResponse>> {
    return this.client.read('list stores', '/v1/stores');
  }

  store(storeId: string): Promise<Cached<Store>> {
    return this.client.read('read store', `/v1/stores/${encodeURIComponent(storeId)}`);
  }

  storePrices(storeId: string, skus: string[]): Promise<Cached<StorePricesResponse>> {
    return this.client.read('read store prices', `/v1/stores/${encodeURIComponent(storeId)}/prices`, {
      skus: skus.join(','),
    });
  }
}
