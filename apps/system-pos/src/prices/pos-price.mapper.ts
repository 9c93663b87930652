import { decimalToMinor, type Price } from '@omnigate/contracts';

/** One item of a store's price answer; prices are decimal strings. */
export interface PosItemPrice {
  item_id: string;
  unit_price: string;
  compare_at_price?: string;
  promo_ids: string[];
  /** Present (true) on items the store takes no returns of. */
  final_sale?: boolean;
}

/** The back office's shelf prices of some items at one store; unknown items are left out. */
export interface PosStorePrices {
  store_code: string;
  price_list_id: string;
  currency: string;
  items: PosItemPrice[];
}

/** Turns one item of the back office's price answer into the canonical price, in minor units. */
export function toPrice(prices: Pick<PosStorePrices, 'store_code' | 'currency'>, item: PosItemPrice): Price {
  const { currency } = prices;
  return {
    sku: item.item_id,
    storeId: prices.store_code,
    price: { amountMinor: decimalToMinor(item.unit_price), currency },
    ...(item.compare_at_price !== undefined && {
      compareAt: { amountMinor: decimalToMinor(item.compare_at_price), currency },
    }),
    promotionIds: [...item.promo_ids],
    returnable: item.final_sale !== true,
  };
}
