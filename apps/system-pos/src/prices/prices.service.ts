import { Inject, Injectable } from '@nestjs/common';
import {
  CacheKeyspace,
  ReadThroughCache,
  oldestOf,
  type Cached,
  type CachePolicy,
  type Freshness,
} from '@omnigate/cache';
import type { Price, Promotion, StorePricesResponse } from '@omnigate/contracts';
import { PosBackOfficeClient } from '../pos/pos-back-office.client';
import { UnknownStore } from '../stores/stores.errors';
import { SystemPosConfig, posReadPolicy } from '../system-pos.config';
import { type PosStorePrices, toPrice } from './pos-price.mapper';
import { type PosPromotionList, toPromotion } from './pos-promotion.mapper';

/** A store's shelf price of a SKU, and the promotions running at a store: cached apart; a store's prices in one Redis Cluster slot. */
const PRICE_KEYS = new CacheKeyspace('price', ['storeId', 'sku'], { slotBy: 'storeId' });
const PROMOTIONS_KEYS = new CacheKeyspace('promotions', ['storeId']);

/** The back office dates its promotions in UTC, and marks prices' promo_ids as running by that day too. */
const backOfficeToday = () => new Date().toISOString().slice(0, 10);

/** Shelf prices and running promotions from the POS back office, behind the shared cache. */
@Injectable()
export class PricesService {
  private readonly pricePolicy: CachePolicy;
  private readonly promotionPolicy: CachePolicy;
  private readonly currency: string;

  constructor(
    private readonly backOffice: PosBackOfficeClient,
    private readonly cache: ReadThroughCache,
    @Inject(SystemPosConfig) config: SystemPosConfig,
  ) {
    this.pricePolicy = posReadPolicy(config.PRICE_TTL_S, config);
    this.promotionPolicy = posReadPolicy(config.PROMOTION_TTL_S, config);
    this.currency = config.POS_CURRENCY;
  }

  /** Prices of the SKUs at the store, the promotions running on them today, or {@link UnknownStore}. */
  async readStorePrices(storeId: string, skus: string[]): Promise<Cached<StorePricesResponse>> {
    const cached = await this.cache.readMany<Price>(
      skus.map((sku) => PRICE_KEYS.key({ storeId, sku })),
      this.pricePolicy,
      (missing) => this.fetchPrices(storeId, missing),
    );
    const parts: Freshness[] = [...cached.values()];
    const found = [...cached.values()].flatMap((c) => (c.value ? [c.value] : []));
    const unknownSkus = skus.filter((sku) => !cached.get(PRICE_KEYS.key({ storeId, sku }))?.value);

    const promotionIds = new Set(found.flatMap((p) => p.promotionIds));
    let promotions: Promotion[] = [];
    if (promotionIds.size > 0) {
      const today = backOfficeToday();
      const running = await this.readRunningPromotions(storeId, today);
      parts.push(running);
      // The list may be yesterday's (served stale while the back office fails): drop what has ended since.
      promotions = running.value.filter(
        (p) => promotionIds.has(p.promotionId) && p.startsOn <= today && today <= p.endsOn,
      );
    }
    // A price and the promotion list are cached apart; name only promotions the answer also describes.
    const described = new Set(promotions.map((p) => p.promotionId));
    const prices = found.map((p) => ({
      ...p,
      promotionIds: p.promotionIds.filter((id) => described.has(id)),
    }));
    return { ...oldestOf(parts), value: { prices, promotions, unknownSkus } };
  }

  private async readRunningPromotions(storeId: string, day: string): Promise<Cached<Promotion[]>> {
    const cached = await this.cache.read<Promotion[]>(
      PROMOTIONS_KEYS.key({ storeId }),
      this.promotionPolicy,
      async () => {
        const response = await this.backOffice.get<PosPromotionList>(
          'list promotions',
          '/promotions',
          { store_code: storeId, active_on: day },
          [404],
        );
        if (response.status === 404) throw new UnknownStore(storeId);
        return response.data.promotions.map((p) => toPromotion(p, this.currency));
      },
    );
    return cached as Cached<Promotion[]>;
  }

  /** One back-office call for the whole batch; SKUs it leaves out are cached as unknown. */
  private async fetchPrices(storeId: string, keys: string[]): Promise<Map<string, Price>> {
    const skus = keys.map((key) => PRICE_KEYS.parse(key).sku);
    const response = await this.backOffice.get<PosStorePrices>(
      'read store prices',
      `/stores/${encodeURIComponent(storeId)}/prices`,
      { item_ids: skus.join(',') },
      [404],
    );
    if (response.status === 404) throw new UnknownStore(storeId);
    const prices = new Map<string, Price>();
    for (const item of response.data.items)
      prices.set(PRICE_KEYS.key({ storeId, sku: item.item_id }), toPrice(response.data, item));
    return prices;
  }
}
