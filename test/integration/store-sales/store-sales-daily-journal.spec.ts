import { DEV_STORES } from '../../support/experience-stack';
import {
  restartOrders,
  startOrdersStack,
  stopOrdersStack,
  until,
  type OrdersStack,
} from '../../support/orders-stack';
import { inBatches, operatorGet, postSales, saleOf, seeded, shuffled } from './store-sales-fixtures';
import type { StoreSaleDto } from '../../../libs/contracts/src/process-orders/store-sale';

interface JournalView {
  journalId: string;
  state: string;
  storeId: string;
  businessDate: string;
  part: number;
  saleCount?: number;
  totalMinor?: number;
  postings: { postingId: string; status: string; erpDocumentId: string | null }[];
}

interface ErpItem {
  Material: string;
  Quantity: string;
  NetAmount: string;
}

const hhmmss = (at: Date) => at.toISOString().slice(11, 19);
const minor = (decimal: string) => Math.round(Number(decimal) * 100);

/*
 * Summarized posting: one SALE journal per store and business date, closed by its job at the
 * configured time, equal to the sum of its sales per sku; a sale arriving after the close goes into
 * a follow-up journal, posted on its own.
 */
describe('store sales posted as one daily journal per store and business date', () => {
  let stack: OrdersStack;
  let closesAt: Date;
  let businessDate: string;

  beforeAll(async () => {
    stack = await startOrdersStack({ database: 'postgres' });
    // The journal of yesterday (as of the close) closes today at the configured time: a few seconds from now.
    closesAt = new Date(Date.now() + 20_000);
    businessDate = new Date(closesAt.getTime() - 86_400_000).toISOString().slice(0, 10);
    await restartOrders(stack, 'SIGTERM', {
      SALES_POSTING_MODE: 'daily-journal',
      SALES_JOURNAL_CLOSE_AT: hhmmss(closesAt),
      SALES_JOURNAL_FOLLOW_UP_S: '2',
    });
  }, 120_000);
  afterAll(() => stopOrdersStack(stack));

  const journalsOf = async (storeId: string) =>
    (
      await operatorGet<{ journals: JournalView[] }>(
        stack.orders,
        `/v1/sales/journals?storeId=${storeId}&businessDate=${businessDate}`,
      )
    ).body.journals;
  const erpDocument = async (postingId: string) => {
    const calls = await stack.sandbox.calls('erp', 'POST A_RetailDocument');
    const created = calls.filter(
      (c) => c.status === 201 && (c.body as { ExternalReference: string }).ExternalReference === postingId,
    );
    return created.map((c) => ({
      ...(c.body as { DocumentType: string; Plant: string; Items: ErpItem[] }),
      receivedAt: c.receivedAt,
    }));
  };
  const sumsOf = (sales: StoreSaleDto[]) => {
    const bySku = new Map<string, { quantity: number }>();
    for (const sale of sales)
      for (const line of sale.lines)
        bySku.set(line.sku, { quantity: (bySku.get(line.sku)?.quantity ?? 0) + line.quantity });
    const total = sales.reduce((sum, s) => sum + s.tenders.reduce((t, x) => t + x.amountMinor, 0), 0);
    return { bySku, total };
  };

  it('posts one journal per store equal to the sum of its sales, and a late sale in a follow-up journal', async () => {
    const random = seeded(3);
    const skus = (await stack.sandbox.seed()).skus.slice(0, 12);
    const salesOf = (storeId: string) =>
      ['REG-01', 'REG-02'].flatMap((registerId) =>
        Array.from({ length: 60 }, (_, i) =>
          saleOf({ storeId, registerId, sequence: i + 1, businessDate, skus, random }),
        ),
      );
    const byStore = new Map(DEV_STORES.map((storeId) => [storeId, salesOf(storeId)] as const));
    const everything = shuffled([...byStore.values()].flat(), random);
    for (const batch of inBatches(everything, 60)) {
      const answer = await postSales(stack.orders, batch);
      expect(answer.body.results.every((r) => r.outcome === 'accepted')).toBe(true);
    }
    // Sent again before the close: duplicates, summed once.
    const again = await postSales(stack.orders, everything.slice(0, 30));
    expect(again.body.results.every((r) => r.outcome === 'duplicate')).toBe(true);
    for (const storeId of DEV_STORES) {
      const open = await journalsOf(storeId);
      expect(open).toEqual([expect.objectContaining({ state: 'OPEN', part: 1, postings: [] })]);
    }
    // No ERP document before the close.
    expect(await stack.sandbox.calls('erp', 'POST A_RetailDocument')).toHaveLength(0);

    for (const [storeId, sales] of byStore) {
      const [journal] = await until(
        `${storeId}'s journal posted`,
        async () => {
          const journals = await journalsOf(storeId);
          return journals[0]?.postings[0]?.status === 'posted' ? journals : undefined;
        },
        60_000,
        500,
      );
      const { bySku, total } = sumsOf(sales);
      expect(journal).toMatchObject({ state: 'CLOSED', saleCount: sales.length, totalMinor: total, part: 1 });
      const [document, ...more] = await erpDocument(journal.journalId);
      expect(more).toHaveLength(0);
      expect(document).toMatchObject({ DocumentType: 'SALE', Plant: storeId });
      // Posted at the close, not before (the close time has a one-second resolution).
      expect(new Date(document.receivedAt).getTime()).toBeGreaterThanOrEqual(
        Math.floor(closesAt.getTime() / 1000) * 1000,
      );
      expect(document.Items.map((i) => i.Material).sort()).toEqual([...bySku.keys()].sort());
      for (const item of document.Items)
        expect(Number(item.Quantity)).toBe(bySku.get(item.Material)!.quantity);
      expect(document.Items.reduce((sum, i) => sum + minor(i.NetAmount), 0)).toBe(total);
    }

    // A sale of the closed date arriving late: a follow-up journal, posted on its own; the first is unchanged.
    const [store] = DEV_STORES;
    const late = saleOf({ storeId: store, registerId: 'REG-01', sequence: 61, businessDate, skus, random });
    const answer = await postSales(stack.orders, [late]);
    expect(answer.body.results[0].outcome).toBe('accepted');
    const journals = await until(
      'the follow-up journal posted',
      async () => {
        const listed = await journalsOf(store);
        return listed.length === 2 && listed[1].postings[0]?.status === 'posted' ? listed : undefined;
      },
      30_000,
      500,
    );
    expect(journals[0]).toMatchObject({ part: 1, saleCount: byStore.get(store)!.length });
    expect(journals[1]).toMatchObject({
      part: 2,
      state: 'CLOSED',
      saleCount: 1,
      totalMinor: sumsOf([late]).total,
    });
    expect(await erpDocument(journals[1].journalId)).toHaveLength(1);
    const sale = await operatorGet(stack.orders, `/v1/sales/${answer.body.results[0].saleId}`);
    expect(sale.body).toMatchObject({ state: 'IN_JOURNAL', journalId: journals[1].journalId });
    // Its timeline names the journal that carries it, and its posting is the journal's, with the ERP document.
    expect(sale.body.timeline.map((e: { step: string }) => e.step)).toEqual([
      'accepted',
      'added-to-journal',
      'journal-closed',
    ]);
    expect(sale.body.timeline[2].detail).toEqual({
      journalId: journals[1].journalId,
      postingId: journals[1].journalId,
    });
    expect(sale.body.postings).toEqual([
      expect.objectContaining({
        postingId: journals[1].journalId,
        status: 'posted',
        erpDocumentId: expect.stringMatching(/^90\d{8}$/),
      }),
    ]);
    // Three journals, three documents: nothing posted per sale.
    expect(
      (await stack.sandbox.calls('erp', 'POST A_RetailDocument')).filter((c) => c.status === 201),
    ).toHaveLength(3);
  }, 150_000);
});
