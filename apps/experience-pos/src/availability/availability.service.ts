import { Inject, Injectable } from '@nestjs/common';
import { type Cached, oldestOf } from '@omnigate/cache';
import type { InventoryPosition } from '@omnigate/contracts';
import { ErpApi, type PositionsRead, type SystemRead } from '@omnigate/system-clients';
import { EdgeCache, stockStatusOf, StoreDirectory } from '@omnigate/edge';
import { ExperiencePosConfig } from '../experience-pos.config';
import type { StockLevel, StoreAvailabilityResponse } from './availability.dto';

const stockKey = (storeId: string, sku: string) => `edge-stock:${storeId}:${sku}`;

/** A store's stock of a SKU; null when the ERP holds no record of the pair (not carried), as of `readAt`. */
interface StockRead {
  position: InventoryPosition | null;
  readAt: string;
}

/** One read per requested key, every one stamped with when the ERP was asked. */
function byKey(keys: string[], read: SystemRead<PositionsRead>): Map<string, SystemRead<StockRead>> {
  const found = new Map(read.data.positions.map((p) => [stockKey(p.locationId, p.sku), p]));
  const readAt = new Date(Date.now() - read.ageS * 1000).toISOString();
  return new Map(keys.map((key) => [key, { data: { position: found.get(key) ?? null, readAt }, state: read.state, ageS: read.ageS }]));
}

/** The store's stock from system-erp, as the till shows it. */
@Injectable()
export class AvailabilityService {
  private readonly lowStockThreshold: number;

  constructor(
    private readonly erp: ErpApi,
    @Inject(EdgeCache) private readonly edge: EdgeCache,
    private readonly stores: StoreDirectory,
    @Inject(ExperiencePosConfig) config: ExperiencePosConfig,
  ) {
    this.lowStockThreshold = config.LOW_STOCK_THRESHOLD;
  }

  /** Some SKUs in one store; an unknown store is refused, a SKU the store does not carry shows as not carried. */
  async readStoreAvailability(storeId: string, skus: string[]): Promise<Cached<StoreAvailabilityResponse>> {
    await this.stores.assertKnown([storeId]);
    const keys = skus.map((sku) => stockKey(storeId, sku));
    const reads = await this.edge.readMany(keys, this.edge.hot, async (missing) => {
      const missingSkus = missing.map((key) => key.split(':')[2]);
      return byKey(missing, await this.erp.storePositions(storeId, missingSkus));
    });
    const levels = skus.map((sku) => this.levelOf(sku, reads.get(stockKey(storeId, sku))!));
    return { ...oldestOf([...reads.values()]), value: { storeId, skus: levels } };
  }

  private levelOf(sku: string, read: Cached<StockRead>): StockLevel {
    const { position, readAt } = read.value;
    const available = position?.available ?? 0;
    return {
      sku,
      available,
      status: stockStatusOf(available, this.lowStockThreshold),
      carried: position !== null,
      asOf: position?.asOf ?? readAt,
    };
  }
}
