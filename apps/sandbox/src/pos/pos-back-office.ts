import { Injectable } from '@nestjs/common';
import type { Promotion, Store } from '../world/retailer-world.model';
import { isReturnable, promotionRunsOn, RetailerWorld } from '../world/retailer-world';
import { posDecimal } from './pos-decimal';
import { posError } from './pos-error';

const MAX_PRICE_ITEMS = 100;

function storeView(store: Store) {
  return {
    store_code: store.storeId,
    name: store.name,
    region: store.region,
    timezone: store.timezone,
    address: {
      line1: store.address.line1,
      city: store.address.city,
      postal_code: store.address.postalCode,
      country: store.address.country,
    },
    registers: store.registers,
    price_list_id: store.priceListId,
    status: 'OPEN' as const,
  };
}

function promotionView(promotion: Promotion) {
  return {
    promo_id: promotion.promoId,
    description: promotion.description,
    type: promotion.type,
    // Percent promotions carry a whole percent, amount promotions a decimal amount.
    value:
      promotion.amountOffMinor !== undefined
        ? posDecimal(promotion.amountOffMinor)
        : String(promotion.percentOff),
    item_ids: promotion.itemIds,
    store_codes: promotion.storeIds,
    starts_on: promotion.startsOn,
    ends_on: promotion.endsOn,
  };
}

/** The POS back office (snake_case, prices as decimal strings): stores, registers, price lists, promotions. */
@Injectable()
export class PosBackOffice {
  constructor(private readonly world: RetailerWorld) {}

  stores() {
    return { stores: this.world.stores().map(storeView) };
  }

  store(storeCode: string) {
    return storeView(this.storeOrThrow(storeCode));
  }

  /** Shelf prices at a store with the promotions running today; unknown items are left out; final-sale items say so. */
  prices(storeCode: string, itemIds: string | undefined) {
    const store = this.storeOrThrow(storeCode);
    const ids = [
      ...new Set(
        (itemIds ?? '')
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      ),
    ];
    if (ids.length === 0) throw posError(400, 'invalid_request', 'item_ids is required');
    if (ids.length > MAX_PRICE_ITEMS)
      throw posError(400, 'too_many_items', `item_ids may name at most ${MAX_PRICE_ITEMS} items`);
    const priceList = this.world.priceList(store.priceListId)!;
    const today = this.world.today();
    const running = this.world
      .promotions()
      .filter((p) => p.storeIds.includes(store.storeId) && promotionRunsOn(p, today));
    const items = ids.flatMap((itemId) => {
      const price = priceList.prices.get(itemId);
      if (!price) return [];
      const item: {
        item_id: string;
        unit_price: string;
        compare_at_price?: string;
        promo_ids: string[];
        final_sale?: true;
      } = {
        item_id: itemId,
        unit_price: posDecimal(price.unitPriceMinor),
        promo_ids: running.filter((p) => p.itemIds.includes(itemId)).map((p) => p.promoId),
      };
      if (price.compareAtPriceMinor !== undefined)
        item.compare_at_price = posDecimal(price.compareAtPriceMinor);
      const product = this.world.product(itemId);
      if (product && !isReturnable(product)) item.final_sale = true;
      return [item];
    });
    return {
      store_code: store.storeId,
      price_list_id: priceList.priceListId,
      currency: priceList.currency,
      items,
    };
  }

  /** Promotions, optionally only those of one store and those running on one date. */
  promotions(storeCode: string | undefined, activeOn: string | undefined) {
    if (storeCode) this.storeOrThrow(storeCode);
    if (activeOn && (!/^\d{4}-\d{2}-\d{2}$/.test(activeOn) || Number.isNaN(Date.parse(activeOn)))) {
      throw posError(400, 'invalid_request', 'active_on must be a date YYYY-MM-DD');
    }
    const promotions = this.world
      .promotions()
      .filter((p) => !storeCode || p.storeIds.includes(storeCode))
      .filter((p) => !activeOn || promotionRunsOn(p, activeOn))
      .map(promotionView);
    return { promotions };
  }

  private storeOrThrow(storeCode: string): Store {
    const store = this.world.store(storeCode);
    if (!store) throw posError(404, 'store_not_found');
    return store;
  }
}
