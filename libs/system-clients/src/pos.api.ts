import type { Price, Promotion, Store } from '@omnigate/contracts';
import type { SystemApiClient, SystemRead } from './system-api.client';

/** A store's prices for some SKUs, the promotions on them today, and the SKUs it does not sell. */
export interface StorePricesRead {
  prices: Price[];
  promotions: Promotion[];
  unknownSkus: string[];
}

/** system-pos: stores, prices and promotions from the POS back office. */
export class PosApi {
  constructor(private readonly client: SystemApiClient) {}

  /** Every store of the network. */
  stores(): Promise<SystemRead<{ stores: Store[] }>> {
    return this.client.read('list stores', '/v1/stores');
  }

  store(storeId: string): Promise<SystemRead<Store>> {
    return this.client.read('read store', `/v1/stores/${encodeURIComponent(storeId)}`);
  }

  storePrices(storeId: string, skus: string[]): Promise<SystemRead<StorePricesRead>> {
    return this.client.read('read store prices', `/v1/stores/${encodeURIComponent(storeId)}/prices`, { skus: skus.join(',') });
  }
}
