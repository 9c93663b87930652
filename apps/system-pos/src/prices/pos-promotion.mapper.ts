import { decimalToMinor, type Promotion } from '@omnigate/contracts';

/** A promotion as the back office answers it: `value` is a whole percent, or a decimal amount for AMOUNT_OFF. */
export interface PosPromotion {
  promo_id: string;
  description: string;
  type: 'PERCENT_OFF' | 'AMOUNT_OFF' | 'BOGO';
  value: string;
  item_ids: string[];
  store_codes: string[];
  starts_on: string;
  ends_on: string;
}

/** The back office's promotion list. */
export interface PosPromotionList {
  promotions: PosPromotion[];
}

/** Turns the back office's promotion into the canonical one; amounts off are in `currency`. */
export function toPromotion(promotion: PosPromotion, currency: string): Promotion {
  // BOGO's value is the percent off the second item, so it reads as percentOff like PERCENT_OFF.
  const discount =
    promotion.type === 'AMOUNT_OFF'
      ? { amountOff: { amountMinor: decimalToMinor(promotion.value), currency } }
      : { percentOff: Number(promotion.value) };
  return {
    promotionId: promotion.promo_id,
    description: promotion.description,
    type: promotion.type,
    ...discount,
    skus: [...promotion.item_ids],
    storeIds: [...promotion.store_codes],
    startsOn: promotion.starts_on,
    endsOn: promotion.ends_on,
  };
}
