import { storeCtx } from '../process-orders.fixture';
import { checkSale, type CheckedSale } from './store-sale-checks';
import {
  openStoreSalesFixture,
  SALES_MEMBER,
  SALES_STORE,
  storeSale,
  type StoreSalesFixture,
} from './store-sales.fixture';
import type { StoreSaleDto } from '@omnigate/contracts';

async function checked(sale: StoreSaleDto): Promise<CheckedSale> {
  const check = await checkSale(sale as unknown as Record<string, unknown>);
  if (!check.ok) throw new Error(`the spec's sale is refused: ${check.problem.type}`);
  return check.checked;
}

describe('AcceptStoreSale, a SALE document per sale', () => {
  let fx: StoreSalesFixture;
  beforeAll(async () => {
    fx = await openStoreSalesFixture({ SALES_POSTING_MODE: 'per-sale' });
  });
  afterAll(() => fx.close());

  it("accepts a member's sale once: its SALE posting of the net lines and its accrual job are written with it", async () => {
    const result = await fx.accept.execute(
      storeCtx(SALES_STORE),
      await checked(storeSale(1, { memberId: SALES_MEMBER })),
    );
    expect(result).toMatchObject({ saleKey: `${SALES_STORE}:REG-01:1`, outcome: 'accepted' });
    const saleId = (result as { saleId: string }).saleId;
    expect((await fx.sales.get(saleId)).state).toBe('POSTING_SCHEDULED');
    expect(await fx.stepsOf(saleId)).toEqual(['accepted', 'erp-sale-scheduled']);
    expect(await fx.postingsOf('store-sale', saleId)).toEqual([
      {
        kind: 'SALE',
        status: 'pending',
        lines: [
          { sku: '27023702', quantity: 2, netAmountMinor: expect.any(Number) },
          { sku: '55592108', quantity: 1, netAmountMinor: expect.any(Number) },
        ],
      },
    ]);
    expect(await fx.queued('store-sale.accrue-points', { saleId })).toBe(1);
    expect(await fx.queued('store-sale.capture-redemption', { saleId })).toBe(0);
  });

  it('answers the same sale sent again as a duplicate of the first, and writes nothing more', async () => {
    const sale = await checked(storeSale(2));
    const first = await fx.accept.execute(storeCtx(SALES_STORE), sale);
    const again = await fx.accept.execute(storeCtx(SALES_STORE), sale);
    expect(again).toEqual({
      saleKey: sale.saleKey,
      outcome: 'duplicate',
      saleId: (first as { saleId: string }).saleId,
    });
    expect(await fx.sales.store.findBy('saleKey', sale.saleKey)).toHaveLength(1);
  });

  it('refuses another sale under a key already taken and keeps it for operators', async () => {
    await fx.accept.execute(storeCtx(SALES_STORE), await checked(storeSale(3)));
    const other = await checked(storeSale(3, { occurredAt: '2026-11-30T09:31:00.000Z' }));
    const refused = await fx.accept.execute(storeCtx(SALES_STORE), other);
    expect(refused).toMatchObject({ outcome: 'refused', problem: { type: 'sale-key-conflict' } });
    expect(await fx.sales.store.findBy('saleKey', other.saleKey)).toHaveLength(1);
    expect((await fx.repository.listConflicts(SALES_STORE, 10)).map((c) => c.saleKey)).toContain(
      other.saleKey,
    );
  });
});

describe('AcceptStoreSale, daily journals', () => {
  let fx: StoreSalesFixture;
  beforeAll(async () => {
    fx = await openStoreSalesFixture({
      SALES_POSTING_MODE: 'daily-journal',
      SALES_JOURNAL_CLOSE_AT: '02:00',
    });
  });
  afterAll(() => fx.close());

  it("puts the sales of a store's business date in one journal, closing at the configured time, and posts nothing per sale", async () => {
    const a = await fx.accept.execute(storeCtx(SALES_STORE), await checked(storeSale(10)));
    const b = await fx.accept.execute(storeCtx(SALES_STORE), await checked(storeSale(11)));
    const [saleA, saleB] = await Promise.all([
      fx.sales.get((a as { saleId: string }).saleId),
      fx.sales.get((b as { saleId: string }).saleId),
    ]);
    expect(saleA.state).toBe('IN_JOURNAL');
    expect(saleA.facts.journalId).toEqual(expect.any(String));
    expect(saleB.facts.journalId).toBe(saleA.facts.journalId);
    const journal = await fx.journals.get(saleA.facts.journalId!);
    expect(journal.facts.closesAt).toBe('2026-12-01T02:00:00.000Z');
    expect(await fx.postingsOf('store-sale', saleA.id)).toEqual([]);
    expect(await fx.queued('sales-journal.close', { journalId: journal.id })).toBe(1);
  });
});
