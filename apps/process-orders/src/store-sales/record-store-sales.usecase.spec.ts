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

  it('refuses a single sale under a key another sale holds with 409 sale-key-conflict, and keeps it for operators', async () => {
    await fx.record.execute(storeCtx(SALES_STORE), saleBatch(storeSale(30)));
    const contested = storeSale(30, { occurredAt: '2026-11-30T09:31:00.000Z' });
    await expect(fx.record.execute(storeCtx(SALES_STORE), saleBatch(contested))).rejects.toMatchObject({
      type: 'sale-key-conflict',
      kind: 'conflict',
      extensions: { saleKey: `${SALES_STORE}:REG-01:30` },
    });
    const kept = await fx.repository.listConflicts(SALES_STORE, 10);
    expect(kept.filter((c) => c.saleKey === `${SALES_STORE}:REG-01:30`)).toHaveLength(1);
    // The same sale resent alone is its first result, not a conflict.
    const { results } = await fx.record.execute(storeCtx(SALES_STORE), saleBatch(storeSale(30)));
    expect(results).toMatchObject([{ outcome: 'duplicate' }]);
  });
});
