import type { Price, Promotion } from '@omnigate/contracts';
import type { TillPrice, TillPromotion } from './prices.dto';

function tillPromotion(promotion: Promotion): TillPromotion {
  const { promotionId, description, type, percentOff, amountOff, endsOn } = promotion;
  return { promotionId, description, type, percentOff, amountOff, endsOn };
}

/** The till's view of a shelf price: the promotions that name it inline, not by id. */
export function toTillPrice(price: Price, promotions: Promotion[]): TillPrice {
  const applying = promotions.filter((p) => price.promotionIds.includes(p.promotionId));
  return {
    sku: price.sku,
    unitPrice: price.price,
    compareAtPrice: price.compareAt,
    promotions: applying.map(tillPromotion),
  };
}
