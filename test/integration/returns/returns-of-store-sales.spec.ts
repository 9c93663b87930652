import { randomUUID } from 'node:crypto';
import {
  OrdersClient,
  type OrdersStack,
  createdErpDocuments,
  erpDocumentsListed,
  membersWith,
  pointsOf,
  skusAt,
  stockAt,
  startOrdersStack,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';
import {
  ReturnsClient,
  acceptedSale,
  finalSaleSkus,
  loyaltyBookings,
  stockMovementsBooked,
} from '../../support/returns';
import { ledgerRows } from '../erp-postings/erp-posting-support';

const PROBLEM = 'https://omnigate.dev/problems/';
const money = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

describe('returns of store sales with a promotion, a coupon and points (postgres)', () => {
  let stack: OrdersStack;
  let orders: OrdersClient;
  let returns: ReturnsClient;
  let storeId: string;
  let skus: string[];
  let memberId: string;
  let sequence = 1;

  beforeAll(async () => {
    stack = await startOrdersStack({ database: 'postgres' });
    orders = new OrdersClient(stack);
    returns = new ReturnsClient(orders);
    storeId = (await stack.sandbox.seed()).stores[5].storeId;
    const stocked = await skusAt(stack.sandbox, storeId, 30, (l) => l.onHand >= 5);
    const finalSale = await finalSaleSkus(stack.sandbox, storeId, stocked);
    skus = stocked.filter((s) => !finalSale.has(s)).slice(0, 2);
    [memberId] = await membersWith(stack.sandbox, (m) => m.status === 'ACTIVE' && m.points >= 1_000);
  });
  afterAll(() => stopOrdersStack(stack));

  /**
   * Line 1: 2 x 10.00 with a 3.00 promotion (17.00 net); line 2: 1 x 5.00. A 2.20 coupon on the sale
   * is spread 1.70 / 0.50, so the lines were paid 15.30 and 4.50 (19.80). Paid 4.80 in points (480
   * points) and 15.00 by card, which earned 15 points.
   */
  const sale = (occurredAt: Date) => ({
    storeId,
    registerId: 'R7',
    sequence: sequence++,
    businessDate: occurredAt.toISOString().slice(0, 10),
    occurredAt: occurredAt.toISOString(),
    currency: 'USD',
    memberId,
    lines: [
      {
        lineNumber: 1,
        sku: skus[0],
        quantity: 2,
        unitPriceMinor: 1000,
        promotions: [{ promotionId: 'PROMO-3OFF', discountMinor: 300 }],
      },
      { lineNumber: 2, sku: skus[1], quantity: 1, unitPriceMinor: 500 },
    ],
    orderDiscountMinor: 220,
    tenders: [
      { type: 'POINTS', amountMinor: 480, points: 480 },
      { type: 'CARD', amountMinor: 1500 },
    ],
  });

  it('refunds a partial and then the full rest to the hand-computed cent and point, each effect once', async () => {
    const recorded = sale(new Date(Date.now() - 3_600_000));
    const saleId = await acceptedSale(orders, recorded);
    const saleKey = `${storeId}:R7:${recorded.sequence}`;
    const pointsBefore = await pointsOf(stack.sandbox, memberId);
    const stockBefore = await stockAt(stack.sandbox, storeId, skus);

    // One of the two promoted units: 15.30 / 2 = 7.65; points floor(480 x 765 / 1980) = 185, card the rest 5.80; 15 x 765 / 1980 -> 5 points reversed.
    const first = await returns.create({
      storeId,
      registerId: 'R2',
      saleKey,
      lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      state: 'REFUNDED',
      receipt: { kind: 'STORE_SALE', reference: saleKey, storeId },
      lines: [{ lineNumber: 1, sku: skus[0], quantity: 1, disposition: 'RESTOCK', refund: money(765) }],
      refund: money(765),
      tenders: [
        { type: 'POINTS', amount: money(185), points: 185 },
        { type: 'CARD', amount: money(580) },
      ],
      pointsReversed: 5,
    });

    // The rest: 7.65 + 4.50 = 12.15; points 480 - 185 = 295, card 15.00 - 5.80 = 9.20; 15 - 5 = 10 points reversed.
    const rest = await returns.create({
      storeId,
      saleKey,
      lines: [
        { lineNumber: 1, quantity: 1, disposition: 'DAMAGED' },
        { lineNumber: 2, quantity: 1, disposition: 'RESTOCK' },
      ],
    });
    expect(rest.status).toBe(201);
    expect(rest.body).toMatchObject({
      lines: [
        { lineNumber: 1, refund: money(765) },
        { lineNumber: 2, refund: money(450) },
      ],
      refund: money(1215),
      tenders: [
        { type: 'POINTS', amount: money(295), points: 295 },
        { type: 'CARD', amount: money(920) },
      ],
      pointsReversed: 10,
    });

    const effects = ['stock-booked', 'points-refunded', 'accrual-reversed', 'erp-credit_memo-posted'];
    const [firstDone, restDone] = await Promise.all([
      returns.when(first.body.returnId, effects),
      returns.when(rest.body.returnId, effects),
    ]);
    for (const done of [firstDone, restDone])
      expect(
        done.timeline.filter((e) => e.step === 'accrual-reversed').map((e) => e.detail.accrualReference),
      ).toEqual([`accrual-${saleId}`]);

    // The member: 185 + 295 = all 480 points back, all 15 earned points taken back.
    expect(await pointsOf(stack.sandbox, memberId)).toBe(pointsBefore + 480 - 15);
    // Restocked units are available again; the damaged one is not.
    const stockAfter = await stockAt(stack.sandbox, storeId, skus);
    expect(stockAfter.map((l) => l.onHand)).toEqual([stockBefore[0].onHand + 1, stockBefore[1].onHand + 1]);

    const created = await createdErpDocuments(stack.sandbox);
    for (const r of [first.body, rest.body]) {
      expect(created.get(`credit_memo_${r.returnId}`)).toBe(1);
      expect(
        (await erpDocumentsListed(stack.sandbox, `credit_memo_${r.returnId}`)).map((d) => d.DocumentType),
      ).toEqual(['CREDIT_MEMO']);
      expect(
        await loyaltyBookings(
          stack.sandbox,
          'POST members/{memberNumber}/accruals',
          `points-refund-${r.returnId}`,
        ),
      ).toBe(1);
      expect(
        await loyaltyBookings(
          stack.sandbox,
          'POST accruals/{accrualReference}/reversals',
          `accrual-reversal-${r.returnId}`,
        ),
      ).toBe(1);
    }
    expect(await stockMovementsBooked(stack.sandbox, `${first.body.returnId}-return_to_stock`)).toBe(1);
    expect(await stockMovementsBooked(stack.sandbox, `${rest.body.returnId}-return_to_stock`)).toBe(1);
    expect(await stockMovementsBooked(stack.sandbox, `${rest.body.returnId}-return_damaged`)).toBe(1);

    // Nothing is left: one more unit is refused and changes nothing.
    const over = await returns.create({
      storeId,
      saleKey,
      lines: [{ lineNumber: 2, quantity: 1, disposition: 'RESTOCK' }],
    });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({
      type: `${PROBLEM}return-quantity-exceeded`,
      lineNumber: 2,
      returnable: 0,
    });
    expect(await pointsOf(stack.sandbox, memberId)).toBe(pointsBefore + 480 - 15);
  });

  it('refuses a sale older than the store-sale window, and an unknown sale key', async () => {
    const old = sale(new Date(Date.now() - 40 * 86_400_000));
    await acceptedSale(orders, old);
    const late = await returns.create({
      storeId,
      saleKey: `${storeId}:R7:${old.sequence}`,
      lines: [{ lineNumber: 2, quantity: 1, disposition: 'RESTOCK' }],
    });
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({
      type: `${PROBLEM}return-window-closed`,
      returnableUntil: new Date(Date.parse(old.occurredAt) + 30 * 86_400_000).toISOString(),
    });

    const unknown = await returns.create({
      storeId,
      saleKey: `${storeId}:R7:999999`,
      lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.type).toBe(`${PROBLEM}unknown-purchase-receipt`);

    // Refused before anything was taken: no return of either receipt, no unit counted as returned.
    for (const saleKey of [`${storeId}:R7:${old.sequence}`, `${storeId}:R7:999999`]) {
      const receiptKey = `STORE_SALE:${saleKey}`;
      const [taken] = await ledgerRows<{ returns: string; lines: string }>(
        stack,
        `SELECT (SELECT count(*) FROM $schema.workflow_instances WHERE workflow = 'return' AND keys ->> 'receiptKey' = $1) AS returns,
                (SELECT count(*) FROM $schema.return_receipt_lines WHERE receipt_key = $1 AND returned_quantity > 0) AS lines`,
        [receiptKey],
      );
      expect({ saleKey, returns: Number(taken.returns), lines: Number(taken.lines) }).toEqual({
        saleKey,
        returns: 0,
        lines: 0,
      });
    }
  });

  it("refuses a member sale's return until the points it earned are booked, so they are reversed too", async () => {
    // The loyalty platform is down: the sale is accepted, its accrual job waits.
    await stack.sandbox.setFaults('loyalty', { outage: true });
    try {
      const recorded = sale(new Date(Date.now() - 60_000));
      const answer = await orders.call<{ results: { outcome: string; saleId?: string }[] }>(
        'experience-pos',
        'POST',
        '/v1/sales',
        { sales: [recorded] },
        { 'idempotency-key': randomUUID() },
      );
      expect(answer.body.results[0].outcome).toBe('accepted');
      const request = {
        storeId,
        saleKey: `${storeId}:R7:${recorded.sequence}`,
        lines: [{ lineNumber: 2, quantity: 1, disposition: 'RESTOCK' as const }],
      };
      const early = await returns.create(request);
      expect(early.status).toBe(409);
      expect(early.headers.get('retry-after')).toBe('2');
      expect(early.body.type).toBe(`${PROBLEM}purchase-still-settling`);

      await stack.sandbox.setFaults('loyalty', { outage: false });
      const saleId = answer.body.results[0].saleId!;
      await until(
        'the sale accrued',
        async () => {
          const view = await orders.call<{ timeline: { step: string }[] }>(
            'operator',
            'GET',
            `/v1/sales/${saleId}`,
          );
          return view.body.timeline.some((e) => e.step === 'points-accrued') || undefined;
        },
        60_000,
      );
      const accepted = await returns.create(request);
      expect(accepted.status).toBe(201);
      expect(accepted.body.pointsReversed).toBeGreaterThan(0);
    } finally {
      await stack.sandbox.setFaults('loyalty', { outage: false });
    }
  });
});
