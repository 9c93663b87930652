import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { resetSandbox, startSandbox, type SeedSummary } from '../sandbox-test-app.fixture';

const POS = '/pos-bo/api';

describe('the simulated POS back office', () => {
  let app: NestFastifyApplication;
  let seed: SeedSummary;

  beforeAll(async () => {
    app = await startSandbox();
    seed = await resetSandbox(app);
  });
  afterAll(() => app.close());

  it('lists the 25 stores in snake_case with registers and price list', async () => {
    const { stores } = (await app.inject({ method: 'GET', url: `${POS}/stores` })).json();
    expect(stores).toHaveLength(25);
    expect(stores[0]).toEqual({
      store_code: seed.stores[0].storeId,
      name: expect.any(String),
      region: expect.any(String),
      timezone: expect.stringMatching(/^America\//),
      address: {
        line1: expect.any(String),
        city: expect.any(String),
        postal_code: expect.stringMatching(/^\d{5}$/),
        country: 'US',
      },
      registers: seed.stores[0].registers,
      price_list_id: seed.stores[0].priceListId,
      status: 'OPEN',
    });
  });

  it('answers an unknown store with store_not_found', async () => {
    const answer = await app.inject({ method: 'GET', url: `${POS}/stores/ST-0000` });
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toEqual({ error: 'store_not_found' });
  });

  it('prices items as decimal strings with the promotions running there, leaving out unknown items', async () => {
    const promotion = seed.promotions.find((p) => p.activeNow)!;
    const storeId = promotion.storeIds[0];
    const itemIds = [promotion.itemIds[0], '00000000'];
    const answer = (
      await app.inject({
        method: 'GET',
        url: `${POS}/stores/${storeId}/prices?item_ids=${itemIds.join(',')}`,
      })
    ).json();
    expect(answer).toMatchObject({ store_code: storeId, currency: 'USD' });
    expect(answer.items).toHaveLength(1);
    expect(answer.items[0].unit_price).toMatch(/^\d+\.\d\d$/);
    expect(answer.items[0].promo_ids).toContain(promotion.promoId);
  });

  it('refuses more than 100 items in one price read', async () => {
    const answer = await app.inject({
      method: 'GET',
      url: `${POS}/stores/${seed.stores[0].storeId}/prices?item_ids=${seed.skus.slice(0, 101).join(',')}`,
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toBe('too_many_items');
  });

  it('filters promotions by store and by the date they run on', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const storeId = seed.stores[0].storeId;
    const { promotions } = (
      await app.inject({ method: 'GET', url: `${POS}/promotions?store_code=${storeId}&active_on=${today}` })
    ).json();
    const expected = seed.promotions
      .filter((p) => p.activeNow && p.storeIds.includes(storeId))
      .map((p) => p.promoId);
    expect(promotions.map((p: { promo_id: string }) => p.promo_id)).toEqual(expected);
    expect(promotions[0]).toMatchObject({
      type: expect.stringMatching(/^(PERCENT_OFF|AMOUNT_OFF|BOGO)$/),
      value: expect.any(String),
      starts_on: expect.any(String),
    });
    const all = (await app.inject({ method: 'GET', url: `${POS}/promotions` })).json().promotions;
    expect(all).toHaveLength(15);
  });
});
