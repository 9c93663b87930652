import { Inject, Injectable } from '@nestjs/common';
import { CacheKeyspace, ReadThroughCache, oldestOf, type Cached, type CachePolicy } from '@omnigate/cache';
import { type InventoryPosition, type InventoryPositionsResponse, notCarriedPair } from '@omnigate/contracts';
import { ErpClient } from '../erp/erp.client';
import { type ODataCollection, odataLiteral } from '../erp/erp-odata';
import { SystemErpConfig } from '../system-erp.config';
import { type ErpMaterialStock, toInventoryPosition } from './erp-stock.mapper';

/** The shared cache's stock positions: one key per store and SKU. */
const STOCK_KEYS = new CacheKeyspace('stock', ['storeId', 'sku']);

function notCarriedPairOf(key: string): string {
  const { storeId, sku } = STOCK_KEYS.parse(key);
  return notCarriedPair(storeId, sku);
}

/** Store stock from the ERP, behind the shared cache so channel traffic does not reach the ERP. */
@Injectable()
export class InventoryService {
  private readonly policy: CachePolicy;

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
  }

  /** Positions of every requested SKU in every requested store. */
  async readPositions(storeIds: string[], skus: string[]): Promise<Cached<InventoryPositionsResponse>> {
    const keys = storeIds.flatMap((storeId) => skus.map((sku) => STOCK_KEYS.key({ storeId, sku })));
    const cached = await this.cache.readMany<InventoryPosition>(keys, this.policy, (missing) => this.fetchFromErp(missing));
    const found = [...cached.values()];
    return {
      ...oldestOf(found),
      value: {
        positions: found.flatMap((c) => (c.value ? [c.value] : [])),
        notCarried: [...cached].flatMap(([key, c]) => (c.value ? [] : [notCarriedPairOf(key)])),
      },
    };
  }

  /** One ERP query for the whole batch: the ERP answers the cross product of plants and materials. */
  private async fetchFromErp(keys: string[]): Promise<Map<string, InventoryPosition>> {
    const pairs = keys.map((key) => STOCK_KEYS.parse(key));
    const plants = [...new Set(pairs.map(({ storeId }) => storeId))];
    const materials = [...new Set(pairs.map(({ sku }) => sku))];
    const filter =
      `(${plants.map((p) => `Plant eq ${odataLiteral(p)}`).join(' or ')}) and ` +
      `(${materials.map((m) => `Material eq ${odataLiteral(m)}`).join(' or ')})`;
    const response = await this.erp.get<ODataCollection<ErpMaterialStock>>(
      'read material stock',
      '/API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod',
      { $filter: filter },
    );
    const wanted = new Set(keys);
    const positions = new Map<string, InventoryPosition>();
    for (const row of response.data.d.results) {
      const key = STOCK_KEYS.key({ storeId: row.Plant, sku: row.Material });
      if (wanted.has(key)) positions.set(key, toInventoryPosition(row));
    }
    return positions;
  }
}
