import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { MemoryCacheStore, ReadThroughCache } from '@omnigate/cache';
import { callerKeyDigestsSetting } from '@omnigate/auth';
import { loadConfig } from '@omnigate/config';
import { PosBackOfficeClient } from '../pos/pos-back-office.client';
import { ScriptedBackend } from '@omnigate/http-client/testing';
import { UnknownStore } from '../stores/stores.errors';
import { SystemPosConfig } from '../system-pos.config';
import type { PosPromotion } from './pos-promotion.mapper';
import { PricesService } from './prices.service';

const today = new Date().toISOString().slice(0, 10);
const runningPromotion: PosPromotion = {
  promo_id: 'PR-RUN',
  description: '$2 off',
  type: 'AMOUNT_OFF',
  value: '2.00',
  item_ids: ['40213377'],
  store_codes: ['ST-4821'],
  starts_on: '2000-01-01',
  ends_on: '2999-12-31',
};
const unrelatedPromotion: PosPromotion = {
  ...runningPromotion,
  promo_id: 'PR-OTHER',
  item_ids: ['55555555'],
};

function pricesOver(backend: ScriptedBackend) {
  const cache = new ReadThroughCache(new MemoryCacheStore(), pino({ level: 'silent' }));
  return new PricesService(
    new PosBackOfficeClient(backend.asClient()),
    cache,
    loadConfig(SystemPosConfig, {
      INTERNAL_CALLER_KEY_DIGESTS: callerKeyDigestsSetting({
        'process-orders': randomBytes(24).toString('hex'),
      }),
    }),
  );
}

function backOffice() {
  return new ScriptedBackend('pos')
    .answer('GET', '/stores/ST-4821/prices', 200, {
      store_code: 'ST-4821',
      price_list_id: 'PL-WE',
      currency: 'USD',
      items: [
        { item_id: '40213377', unit_price: '12.99', promo_ids: ['PR-RUN'] },
        { item_id: '11842290', unit_price: '4.49', promo_ids: [] },
      ],
    })
    .answer('GET', '/promotions', 200, { promotions: [runningPromotion, unrelatedPromotion] });
}

describe('PricesService', () => {
  it('answers prices in minor units with only the promotions on them, and lists SKUs the store has no price for', async () => {
    const read = await pricesOver(backOffice()).readStorePrices('ST-4821', [
      '40213377',
      '11842290',
      '99999999',
    ]);

    expect(read.value.prices.map((p) => [p.sku, p.price.amountMinor, p.promotionIds])).toEqual([
      ['40213377', 1299, ['PR-RUN']],
      ['11842290', 449, []],
    ]);
    expect(read.value.promotions.map((p) => p.promotionId)).toEqual(['PR-RUN']);
    expect(read.value.unknownSkus).toEqual(['99999999']);
  });

  it('asks the back office once for all missing SKUs and for the promotions running today', async () => {
    const backend = backOffice();

    await pricesOver(backend).readStorePrices('ST-4821', ['40213377', '11842290']);

    expect(backend.callsTo('GET', '/stores/ST-4821/prices').map((c) => c.params)).toEqual([
      { item_ids: '40213377,11842290' },
    ]);
    expect(backend.callsTo('GET', '/promotions').map((c) => c.params)).toEqual([
      { store_code: 'ST-4821', active_on: today },
    ]);
  });

  it('serves a repeated read, unknown SKUs included, without calling the back office', async () => {
    const backend = backOffice();
    const prices = pricesOver(backend);
    await prices.readStorePrices('ST-4821', ['40213377', '99999999']);

    const again = await prices.readStorePrices('ST-4821', ['40213377', '99999999']);

    expect(again.state).toBe('fresh');
    expect(again.value.unknownSkus).toEqual(['99999999']);
    expect(backend.calls).toHaveLength(2);
  });

  it('skips the promotion lookup when no price carries a promotion', async () => {
    const backend = backOffice();

    await pricesOver(backend).readStorePrices('ST-4821', ['11842290']);

    expect(backend.callsTo('GET', '/promotions')).toHaveLength(0);
  });

  it('drops a promotion that has ended even if a price still names it', async () => {
    const ended = { ...runningPromotion, ends_on: '2001-01-01' };
    const backend = backOffice().answer('GET', '/promotions', 200, { promotions: [ended] });

    const read = await pricesOver(backend).readStorePrices('ST-4821', ['40213377']);

    expect(read.value.promotions).toEqual([]);
    expect(read.value.prices[0].promotionIds).toEqual([]);
  });

  it('turns the back office store_not_found into unknown-store', async () => {
    const backend = new ScriptedBackend('pos').answer('GET', '/stores/ST-0000/prices', 404, {
      error: 'store_not_found',
    });

    await expect(pricesOver(backend).readStorePrices('ST-0000', ['40213377'])).rejects.toBeInstanceOf(
      UnknownStore,
    );
  });
});
