import { Injectable } from '@nestjs/common';
import type { Cached } from '@omnigate/cache';
import { StoreDirectory, StoreStockReader } from '@omnigate/edge';
import type { StoreAvailabilityResponse } from './availability.dto';

/** The store's stock from system-erp, as the till shows it. */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly stock: StoreStockReader,
    private readonly stores: StoreDirectory,
  ) {}

  /** Some SKUs in one store; an unknown store is refused, a SKU the store does not carry shows as not carried. */
  async readStoreAvailability(storeId: string, skus: string[]): Promise<Cached<StoreAvailabilityResponse>> {
    await this.stores.assertKnown([storeId]);
    const read = await this.stock.ofStore(storeId, skus);
    // The till knows its store: each level leaves it out.
    const levels = read.value.map(({ sku, available, status, carried, asOf }) => ({
      sku,
      available,
      status,
      carried,
      asOf,
    }));
    return { ...read, value: { storeId, skus: levels } };
  }
}
