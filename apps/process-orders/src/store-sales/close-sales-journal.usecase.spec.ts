import { jobCtx, storeCtx } from '../process-orders.fixture';
import {
  openStoreSalesFixture,
  SALES_STORE,
  saleBatch,
  storeSale,
  type StoreSalesFixture,
} from './store-sales.fixture';

describe('CloseSalesJournal', () => {
  let fx: StoreSalesFixture;
  beforeAll(async () => {
    fx = await openStoreSalesFixture({ SALES_POSTING_MODE: 'daily-journal' });
  });
  afterAll(() => fx.close());

  it('closes a journal with the sum of its sales per sku as one SALE posting, and a sale arriving later opens a follow-up', async () => {
    const { results } = await fx.record.execute(storeCtx(SALES_STORE), saleBatch(storeSale(1), storeSale(2)));
    const saleId = (results[0] as { saleId: string }).saleId;
    const journalId = (await fx.sales.get(saleId)).facts.journalId!;

    await fx.closeJournal.execute(jobCtx(), { journalId });

    const journal = await fx.journals.get(journalId);
    expect(journal.state).toBe('CLOSED');
    expect(journal.facts).toMatchObject({ saleCount: 2, totalMinor: 2 * 1901 });
    const [posting] = await fx.postingsOf('sales-journal', journalId);
    expect(posting.kind).toBe('SALE');
    expect(posting.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sku: '27023702', quantity: 4 }),
        expect.objectContaining({ sku: '55592108', quantity: 2 }),
      ]),
    );
    expect(await fx.stepsOf(saleId)).toContain('journal-closed');

    const late = await fx.record.execute(storeCtx(SALES_STORE), saleBatch(storeSale(3)));
    const lateJournal = (await fx.sales.get((late.results[0] as { saleId: string }).saleId)).facts.journalId!;
    expect(lateJournal).not.toBe(journalId);
    expect((await fx.journals.get(lateJournal)).keys.part).toBe('2');
  });

  it('does nothing when the close job runs again', async () => {
    const { results } = await fx.record.execute(
      storeCtx(SALES_STORE),
      saleBatch(storeSale(10, { businessDate: '2026-11-28' })),
    );
    const journalId = (await fx.sales.get((results[0] as { saleId: string }).saleId)).facts.journalId!;
    await fx.closeJournal.execute(jobCtx(), { journalId });
    await fx.closeJournal.execute(jobCtx(), { journalId });
    expect(await fx.postingsOf('sales-journal', journalId)).toHaveLength(1);
    expect((await fx.journals.timeline(journalId)).filter((e) => e.step === 'closed')).toHaveLength(1);
  });

  it('posts a store-day past the ERP limit of 200 lines as pages that add up to the day, each once', async () => {
    // Three sales of 150 different skus each: 450 skus in the day's journal.
    const sales = [0, 1, 2].map((n) => {
      const lines = Array.from({ length: 150 }, (_, i) => ({
        lineNumber: i + 1,
        sku: String(20_000_000 + n * 150 + i),
        quantity: 1,
        unitPriceMinor: 100 + i,
      }));
      const total = lines.reduce((sum, l) => sum + l.unitPriceMinor, 0);
      return storeSale(20 + n, {
        businessDate: '2026-11-27',
        lines,
        orderDiscountMinor: 0,
        tenders: [{ type: 'CARD', amountMinor: total }],
      });
    });
    const { results } = await fx.record.execute(storeCtx(SALES_STORE), saleBatch(...sales));
    expect(results.map((r) => r.outcome)).toEqual(['accepted', 'accepted', 'accepted']);
    const journalId = (await fx.sales.get((results[0] as { saleId: string }).saleId)).facts.journalId!;

    await fx.closeJournal.execute(jobCtx(), { journalId });
    await fx.closeJournal.execute(jobCtx(), { journalId });

    const postings = await fx.ledger.listBySource('sales-journal', journalId);
    expect(postings.map((p) => [p.postingId, p.kind, p.lines.length]).sort()).toEqual([
      [journalId, 'SALE', 200],
      [`${journalId}-p2`, 'SALE', 200],
      [`${journalId}-p3`, 'SALE', 50],
    ]);
    const lines = postings.flatMap((p) => p.lines);
    expect(new Set(lines.map((l) => l.sku)).size).toBe(450);
    const journal = await fx.journals.get(journalId);
    expect(lines.reduce((sum, l) => sum + l.netAmountMinor, 0)).toBe(journal.facts.totalMinor);
  });
});
