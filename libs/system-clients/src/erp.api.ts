import type { CreatePostingDto, InventoryPositionsResponse, Posting, PostingReceipt, Product } from '@omnigate/contracts';
import type { SystemApiClient, SystemRead } from './system-api.client';

/** system-erp, as the process and experience layers use it. */
export class ErpApi {
  constructor(private readonly client: SystemApiClient) {}

  /** One catalogue product; an unknown SKU is a SystemRefusal of type unknown-sku. */
  product(sku: string): Promise<SystemRead<Product>> {
    return this.client.read('read product', `/v1/products/${encodeURIComponent(sku)}`);
  }

  storePositions(storeId: string, skus: string[]): Promise<SystemRead<InventoryPositionsResponse>> {
    return this.client.read('read store stock', `/v1/inventory/stores/${encodeURIComponent(storeId)}`, { skus: skus.join(',') });
  }

  skuPositions(sku: string, storeIds: string[]): Promise<SystemRead<InventoryPositionsResponse>> {
    return this.client.read('read sku stock', `/v1/inventory/skus/${encodeURIComponent(sku)}`, { storeIds: storeIds.join(',') });
  }

  /** Creates the ERP document; safe to repeat, the posting id is deduplicated by the ERP. */
  post(posting: Posting): Promise<PostingReceipt> {
    const { postingId, kind, storeId, currency, occurredAt, lines, reference } = posting;
    const request: CreatePostingDto = { postingId, kind, storeId, currency, occurredAt, lines, ...(reference && { reference }) };
    return this.client.write('post document', '/v1/postings', request, true);
  }
}
