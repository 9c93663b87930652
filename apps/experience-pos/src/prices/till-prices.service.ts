import { Inject, Injectable } from '@nestjs/common';
import { type Cached, CacheKeyspace, oldestOf } from '@omnigate/cache';
import { PosApi } from '@omnigate/system-clients';
import { EdgeCache, StoreDirectory } from '@omnigate/edge';
import type { StorePricesResponse, TillPrice } from './prices.dto';
import { toTillPrice } from './till-price.mapper';

/** The edge's till prices: one key per store and SKU. */
const EDGE_PRICE_KEYS = new CacheKeyspace('edge-price', ['storeId', 'sku']);
const priceKey = (storeId: string, sku: string) => EDGE_PRICE_KEYS.key({ storeId, sku });

/** A store's shelf prices and running promotions from system-pos, shaped for the till. */
@Injectable()
export class TillPricesService {
  constructor(
    private readonly pos: PosApi,
    @Inject(EdgeCache) private readonly edge: EdgeCache,
    private readonly stores: StoreDirectory,
  ) {}

  /** Prices of some SKUs at one store; SKUs it has no price for are listed, not refused. */
  async readStorePrices(storeId: string, skus: string[]): Promise<Cached<StorePricesResponse>> {
    await this.stores.assertKnown([storeId]);
    const keys = skus.map((sku) => priceKey(storeId, sku));
    const reads = await this.edge.readMany<TillPrice | null>(keys, this.edge.hot, async (missing) => {
      const read = await this.pos.storePrices(
        storeId,
        missing.map((key) => EDGE_PRICE_KEYS.parse(key).sku),
      );
      const priced = new Map(
        read.value.prices.map((p) => [priceKey(storeId, p.sku), toTillPrice(p, read.value.promotions)]),
      );
      return new Map(
        missing.map((key) => [key, { value: priced.get(key) ?? null, state: read.state, ageS: read.ageS }]),
      );
    });
    const prices = skus.map((sku) => reads.get(priceKey(storeId, sku))!.value);
    return {
      ...oldestOf([...reads.values()]),
      value: {
        storeId,
        items: prices.filter((p): p is TillPrice => p !== null),
        unknownSkus: skus.filter((_, i) => prices[i] === null),
      },
    };
  }
}
