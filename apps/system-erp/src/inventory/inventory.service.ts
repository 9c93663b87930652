import { Inject, Injectable } from '@nestjs/common';
import {
  CacheKeyspace,
  LoadBatcher,
  ReadThroughCache,
  oldestOf,
  type Cached,
  type CachePolicy,
} from '@omnigate/cache';
import { type InventoryPosition, type InventoryPositionsResponse, notCarriedPair } from '@omnigate/contracts';
import { ErpClient } from '../erp/erp.client';
import { type ODataCollection, odataLiteral } from '../erp/erp-odata';
import { SystemErpConfig } from '../system-erp.config';
import { type ErpMaterialStock, toInventoryPosition } from './erp-stock.mapper';

/** The shared cache's stock positions: one key per store and SKU, a store's keys in one Redis Cluster slot. */
const STOCK_KEYS = new CacheKeyspace('stock', ['storeId', 'sku'], { slotBy: 'storeId' });

/** The ERP refuses a stock query naming more materials than this (API_MATERIAL_STOCK_SRV's limit). */
const ERP_MAX_MATERIALS_PER_QUERY = 100;

function notCarriedPairOf(key: string): string {
  const { storeId, sku } = STOCK_KEYS.parse(key);
  return notCarriedPair(storeId, sku);
}

/** Store stock from the ERP, behind the shared cache so channel traffic does not reach the ERP. */
@Injectable()
export class InventoryService {
  private readonly policy: CachePolicy;
  /** Misses of one store that arrive together share one ERP query. */
  private readonly storeBatches: LoadBatcher<InventoryPosition>;

  constructor(
    private readonly erp: ErpClient,
    private readonly cache: ReadThroughCache,
    @Inject(SystemErpConfig) config: SystemErpConfig,
  ) {
    this.policy = {
      freshMs: config.STOCK_TTL_S * 1000,
      staleWhileRevalidateMs: config.STOCK_STALE_WHILE_REVALIDATE_S * 1000,
      staleIfErrorMs: config.STOCK_STALE_IF_ERROR_S * 1000,
    };
    this.storeBatches = new LoadBatcher((keys) => this.fetchFromErp(keys), {
      windowMs: config.STOCK_BATCH_WINDOW_MS,
      maxKeys: ERP_MAX_MATERIALS_PER_QUERY,
      // One stock query per store out at a time: misses arriving meanwhile wait for it and go together.
      maxInFlightPerGroup: 1,
      minGapMs: config.STOCK_BATCH_GAP_MS,
      groupOf: (key) => STOCK_KEYS.parse(key).storeId,
    });
  }

  /** Positions of every requested SKU in every requested store. */
  async readPositions(storeIds: string[], skus: string[]): Promise<Cached<InventoryPositionsResponse>> {
    const keys = storeIds.flatMap((storeId) => skus.map((sku) => STOCK_KEYS.key({ storeId, sku })));
    const cached = await this.cache.readMany<InventoryPosition>(keys, this.policy, (missing) =>
      this.load(missing),
    );
    const found = [...cached.values()];
    return {
      ...oldestOf(found),
      value: {
        positions: found.flatMap((c) => (c.value ? [c.value] : [])),
        notCarried: [...cached].flatMap(([key, c]) => (c.value ? [] : [notCarriedPairOf(key)])),
      },
    };
  }

  /**
   * Misses of one store join that store's batch; a miss spanning several stores (one SKU across
   * stores) is one query of its own, as batching it per store would split it.
   */
  private load(keys: string[]): Promise<Map<string, InventoryPosition>> {
    const stores = new Set(keys.map((key) => STOCK_KEYS.parse(key).storeId));
    return stores.size === 1 ? this.storeBatches.load(keys) : this.fetchFromErp(keys);
  }

  /** ERP queries for the keys: the ERP answers the cross product of plants and materials, at most its limit of materials each. */
  private async fetchFromErp(keys: string[]): Promise<Map<string, InventoryPosition>> {
    const pairs = keys.map((key) => STOCK_KEYS.parse(key));
    const plants = [...new Set(pairs.map(({ storeId }) => storeId))];
    const materials = [...new Set(pairs.map(({ sku }) => sku))];
    const queries: string[][] = [];
    for (let i = 0; i < materials.length; i += ERP_MAX_MATERIALS_PER_QUERY)
      queries.push(materials.slice(i, i + ERP_MAX_MATERIALS_PER_QUERY));
    const wanted = new Set(keys);
    const positions = new Map<string, InventoryPosition>();
    for (const rows of await Promise.all(queries.map((some) => this.queryStock(plants, some)))) {
      for (const row of rows) {
        const key = STOCK_KEYS.key({ storeId: row.Plant, sku: row.Material });
        if (wanted.has(key)) positions.set(key, toInventoryPosition(row));
      }
    }
    return positions;
  }

  private async queryStock(plants: string[], materials: string[]): Promise<ErpMaterialStock[]> {
    const filter =
      `(${plants.map((p) => `Plant eq ${odataLiteral(p)}`).join(' or ')}) and ` +
      `(${materials.map((m) => `Material eq ${odataLiteral(m)}`).join(' or ')})`;
    const response = await this.erp.get<ODataCollection<ErpMaterialStock>>(
      'read material stock',
      '/API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod',
      { $filter: filter },
    );
    return response.data.d.results;
  }
}
