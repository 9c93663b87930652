import { Injectable } from '@nestjs/common';
import type { Cached } from '@omnigate/cache';
import { StoreDirectory, StoreStockReader } from '@omnigate/edge';
import type { ProductAvailabilityResponse, StoreAvailabilityResponse } from './availability.dto';
import { ProductCatalogue } from './product-catalogue';

/** Store stock from system-erp, shaped for shoppers: a coarse status, not warehouse detail. */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly stock: StoreStockReader,
    private readonly stores: StoreDirectory,
    private readonly catalogue: ProductCatalogue,
  ) {}

  /** One SKU across some stores; unknown stores and an unknown SKU are refused. */
  async readProductAvailability(
    sku: string,
    storeIds: string[],
  ): Promise<Cached<ProductAvailabilityResponse>> {
    await Promise.all([this.stores.assertKnown(storeIds), this.catalogue.assertKnown(sku)]);
    const read = await this.stock.ofSku(sku, storeIds);
    return { ...read, value: { sku, stores: read.value } };
  }

  /** Some SKUs in one store; an unknown store is refused, a SKU the store does not carry shows as not carried. */
  async readStoreAvailability(storeId: string, skus: string[]): Promise<Cached<StoreAvailabilityResponse>> {
    await this.stores.assertKnown([storeId]);
    const read = await this.stock.ofStore(storeId, skus);
    return { ...read, value: { storeId, skus: read.value } };
  }
}
