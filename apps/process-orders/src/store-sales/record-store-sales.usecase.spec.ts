import { storeCtx } from '../process-orders.fixture';
import {
  openStoreSalesFixture,
  SALES_STORE,
  saleBatch,
  storeSale,
  type StoreSalesFixture,
} from './store-sales.fixture';

describe('RecordStoreSales', () => {
  let fx: StoreSalesFixture;
  beforeAll(async () => {
    fx = await openStoreSalesFixture();
  });
  afterAll(() => fx.close());

  it('accepts each sale of a backlog on its own, in order: a bad sale is refused without sinking the others', async () => {
    const bad = storeSale(2, { tenders: [{ type: 'CARD', amountMinor: 1 }] });
    const { results } = await fx.record.execute(
      storeCtx(SALES_STORE),
      saleBatch(storeSale(1), bad, storeSale(3)),
    );
    expect(results.map((r) => [r.saleKey, r.outcome])).toEqual([
      [`${SALES_STORE}:REG-01:1`, 'accepted'],
      [`${SALES_STORE}:REG-01:2`, 'refused'],
      [`${SALES_STORE}:REG-01:3`, 'accepted'],
    ]);
    expect(results[1]).toMatchObject({ problem: { type: 'sale-tenders-mismatch' } });
    expect(await fx.sales.store.findBy('saleKey', `${SALES_STORE}:REG-01:2`)).toEqual([]);
  });

  it('completes a batch cut short when it is sent again: what was accepted answers duplicate, the rest is accepted', async () => {
    await fx.record.execute(storeCtx(SALES_STORE), saleBatch(storeSale(20)));
    const { results } = await fx.record.execute(
      storeCtx(SALES_STORE),
      saleBatch(storeSale(20), storeSale(21)),
    );
    expect(results.map((r) => r.outcome)).toEqual(['duplicate', 'accepted']);
  });
});
