import { type PosPromotion, toPromotion } from './pos-promotion.mapper';

const promotion = (over: Partial<PosPromotion>): PosPromotion => ({
  promo_id: 'PR-7QX2',
  description: '10% off knitwear',
  type: 'PERCENT_OFF',
  value: '10',
  item_ids: ['40213377', '11842290'],
  store_codes: ['ST-4821'],
  starts_on: '2026-11-01',
  ends_on: '2026-11-30',
  ...over,
});

describe('toPromotion', () => {
  it('reads a percent promotion as percentOff', () => {
    expect(toPromotion(promotion({}), 'USD')).toEqual({
      promotionId: 'PR-7QX2',
      description: '10% off knitwear',
      type: 'PERCENT_OFF',
      percentOff: 10,
      skus: ['40213377', '11842290'],
      storeIds: ['ST-4821'],
      startsOn: '2026-11-01',
      endsOn: '2026-11-30',
    });
  });

  it('reads an amount promotion as money in minor units', () => {
    const mapped = toPromotion(promotion({ type: 'AMOUNT_OFF', value: '2.50' }), 'USD');

    expect(mapped.amountOff).toEqual({ amountMinor: 250, currency: 'USD' });
    expect(mapped).not.toHaveProperty('percentOff');
  });

  it('reads a BOGO value as the percent off the second item', () => {
    const mapped = toPromotion(promotion({ type: 'BOGO', value: '50' }), 'USD');

    expect(mapped.percentOff).toBe(50);
    expect(mapped).not.toHaveProperty('amountOff');
  });
});
