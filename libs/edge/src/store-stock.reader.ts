import { Inject, Injectable } from '@nestjs/common';
import { type Cached, CacheKeyspace, oldestOf } from '@omnigate/cache';
import { type InventoryPositionsResponse, notCarriedPair } from '@omnigate/contracts';
import { ErpApi } from '@omnigate/system-clients';
import { EdgeCache } from './edge-cache';
import { type StockStatus, stockStatusOf } from './stock-status';

/** Stock of one SKU at one store, as the channels show it: a coarse status, not warehouse detail. */
export interface StoreStockLevel {
  storeId: string;
  sku: string;
  /** Units on hand and not reserved; 0 when the store does not carry the SKU. */
  available: number;
  status: StockStatus;
  /** False when the ERP holds no stock record of the pair: the store does not sell the SKU. */
  carried: boolean;
  /** When the stock last changed, or when the ERP was asked for a SKU not carried. */
  asOf: string;
}

/** The edge's stock levels: one key per store and SKU. */
const EDGE_STOCK_KEYS = new CacheKeyspace('edge-stock', ['storeId', 'sku']);

/** Where the experience apps take the level at or below which stock shows as LOW_STOCK from (LOW_STOCK_THRESHOLD). */
export const LOW_STOCK_THRESHOLD = Symbol('LOW_STOCK_THRESHOLD');

/**
 * Store stock from system-erp through the edge cache, for every experience app: the levels of some
 * SKUs in one store, or of one SKU across some stores. Checking that the stores exist is the caller's.
 */
@Injectable()
export class StoreStockReader {
  constructor(
    private readonly erp: ErpApi,
    @Inject(EdgeCache) private readonly edge: EdgeCache,
    @Inject(LOW_STOCK_THRESHOLD) private readonly lowStockThreshold: number,
  ) {}

  /** Levels of some SKUs in one store, in the order asked. */
  async ofStore(storeId: string, skus: string[]): Promise<Cached<StoreStockLevel[]>> {
    return this.read(
      skus.map((sku) => ({ storeId, sku })),
      (missing) =>
        this.erp.storePositions(
          storeId,
          missing.map(({ sku }) => sku),
        ),
    );
  }

  /** Levels of one SKU across some stores, in the order asked. */
  async ofSku(sku: string, storeIds: string[]): Promise<Cached<StoreStockLevel[]>> {
    return this.read(
      storeIds.map((storeId) => ({ storeId, sku })),
      (missing) =>
        this.erp.skuPositions(
          sku,
          missing.map(({ storeId }) => storeId),
        ),
    );
  }

  private async read(
    pairs: StockPair[],
    load: (missing: StockPair[]) => Promise<Cached<InventoryPositionsResponse>>,
  ): Promise<Cached<StoreStockLevel[]>> {
    const keys = pairs.map((pair) => EDGE_STOCK_KEYS.key(pair));
    const reads = await this.edge.readMany<StoreStockLevel>(keys, this.edge.stock, async (missing) => {
      const missingPairs = missing.map((key) => EDGE_STOCK_KEYS.parse(key));
      const read = await load(missingPairs);
      return new Map(
        missingPairs.map((pair, i) => [
          missing[i],
          { value: this.levelOf(pair, read), state: read.state, ageS: read.ageS },
        ]),
      );
    });
    const levels = keys.map((key) => reads.get(key)!);
    return { ...oldestOf(levels), value: levels.map((level) => level.value) };
  }

  private levelOf({ storeId, sku }: StockPair, read: Cached<InventoryPositionsResponse>): StoreStockLevel {
    if (read.value.notCarried.includes(notCarriedPair(storeId, sku))) {
      // No position to date it: it is as old as the ERP's answer.
      const readAt = new Date(Date.now() - read.ageS * 1000).toISOString();
      return {
        storeId,
        sku,
        available: 0,
        status: stockStatusOf(0, this.lowStockThreshold),
        carried: false,
        asOf: readAt,
      };
    }
    const position = read.value.positions.find((p) => p.locationId === storeId && p.sku === sku);
    if (!position)
      throw new Error(
        `system-erp answered neither a position nor notCarried for ${notCarriedPair(storeId, sku)}`,
      );
    const { available, asOf } = position;
    return {
      storeId,
      sku,
      available,
      status: stockStatusOf(available, this.lowStockThreshold),
      carried: true,
      asOf,
    };
  }
}

interface StockPair {
  storeId: string;
  sku: string;
}
