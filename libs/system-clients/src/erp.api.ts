import type {
  CreatePostingDto,
  ErpDocumentDto,
  ErpDocumentsDto,
  InventoryPositionsResponse,
  Posting,
  PostingReceipt,
  Product,
} from '@omnigate/contracts';
import type { Cached } from '@omnigate/cache';
import type { SystemApiClient } from './system-api.client';

/** system-erp, as the process and experience layers use it. */
export class ErpApi {
  constructor(private readonly client: SystemApiClient) {}

  /** One catalogue product; an unknown SKU is a SystemRefusal of type unknown-sku. */
  product(sku: string): Promise<Cached<Product>> {
    return this.client.read('read product', `/v1/products/${encodeURIComponent(sku)}`);
  }

  storePositions(storeId: string, skus: string[]): Promise<Cached<InventoryPositionsResponse>> {
    return this.client.read('read store stock', `/v1/inventory/stores/${encodeURIComponent(storeId)}`, {
      skus: skus.join(','),
    });
  }

  skuPositions(sku: string, storeIds: string[]): Promise<Cached<InventoryPositionsResponse>> {
    return this.client.read('read sku stock', `/v1/inventory/skus/${encodeURIComponent(sku)}`, {
      storeIds: storeIds.join(','),
    });
  }

  /** Creates the ERP document; safe to repeat, the posting id is deduplicated by the ERP. */
  post(posting: Posting): Promise<PostingReceipt> {
    const { postingId, kind, storeId, currency, occurredAt, lines, reference } = posting;
    const request: CreatePostingDto = {
      postingId,
      kind,
      storeId,
      currency,
      occurredAt,
      lines,
      ...(reference && { reference }),
    };
    return this.client.write('post document', '/v1/postings', request, true);
  }

  /** The documents the ERP holds under some posting ids (at most 100), read now, never from a cache. */
  async documents(postingIds: string[]): Promise<ErpDocumentDto[]> {
    const read = await this.client.read<ErpDocumentsDto>('read erp documents', '/v1/erp-documents', {
      postingIds: postingIds.join(','),
    });
    return read.value.documents;
  }

  /** A store's ERP documents dated on one UTC day, whoever posted them. */
  async storeDocuments(storeId: string, documentDate: string): Promise<ErpDocumentDto[]> {
    const read = await this.client.read<ErpDocumentsDto>(
      'read store erp documents',
      `/v1/stores/${encodeURIComponent(storeId)}/erp-documents`,
      { documentDate },
    );
    return read.value.documents;
  }
}
