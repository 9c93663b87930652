import { toPrice } from './pos-price.mapper';

const answer = { store_code: 'ST-4821', currency: 'USD' };

describe('toPrice', () => {
  it('reads decimal prices as integer minor units', () => {
    const price = toPrice(answer, {
      item_id: '40213377',
      unit_price: '12.99',
      compare_at_price: '15.00',
      promo_ids: ['PR-1'],
    });

    expect(price).toEqual({
      sku: '40213377',
      storeId: 'ST-4821',
      price: { amountMinor: 1299, currency: 'USD' },
      compareAt: { amountMinor: 1500, currency: 'USD' },
      promotionIds: ['PR-1'],
      returnable: true,
    });
  });

  it('reads a final-sale item as not returnable', () => {
    expect(
      toPrice(answer, { item_id: '1', unit_price: '2.00', promo_ids: [], final_sale: true }).returnable,
    ).toBe(false);
  });

  it('keeps cents exact where a float would not (0.29 * 100 is 28.999...)', () => {
    expect(toPrice(answer, { item_id: '1', unit_price: '0.29', promo_ids: [] }).price.amountMinor).toBe(29);
    expect(toPrice(answer, { item_id: '1', unit_price: '1005.1', promo_ids: [] }).price.amountMinor).toBe(
      100510,
    );
  });

  it('leaves compareAt out when the item is not marked down', () => {
    expect(toPrice(answer, { item_id: '40213377', unit_price: '12.99', promo_ids: [] })).not.toHaveProperty(
      'compareAt',
    );
  });
});
