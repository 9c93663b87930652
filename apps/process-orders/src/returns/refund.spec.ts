import type { PurchaseReceipt } from './purchase-receipt';
import { computeRefund, paidPerLine } from './refund';

// Line 1: 2 x 10.00 with a 3.00 promotion (net 17.00); line 2: 1 x 5.00 (net 5.00); a 2.20 coupon on
// the whole sale, paid 4.80 in points (480 points) and 15.00 by card; 15 points earned.
const sale: PurchaseReceipt = {
  kind: 'STORE_SALE',
  reference: 'ST-1:R1:7',
  storeId: 'ST-1',
  purchasedAt: '2026-11-20T10:00:00.000Z',
  currency: 'USD',
  memberId: '6042685219730',
  lines: [
    { lineNumber: 1, sku: 'A', quantity: 2, unitPriceMinor: 1000, promotionDiscountMinor: 300 },
    { lineNumber: 2, sku: 'B', quantity: 1, unitPriceMinor: 500, promotionDiscountMinor: 0 },
  ],
  orderDiscountMinor: 220,
  tenders: [
    { type: 'POINTS', amountMinor: 480, points: 480 },
    { type: 'CARD', amountMinor: 1500 },
  ],
  accrual: { reference: 'accrual-1', points: 15 },
  settling: false,
};

describe('computeRefund', () => {
  it('spreads the order discount over the lines in proportion to their net', () => {
    // 220 x 1700/2200 = 170 and 220 x 500/2200 = 50
    expect(paidPerLine(sale)).toEqual(
      new Map([
        [1, 1530],
        [2, 450],
      ]),
    );
  });

  it('refunds one unit of a promoted line at half its paid price, points as points', () => {
    const refund = computeRefund(sale, [{ lineNumber: 1, quantity: 1 }], new Map());

    expect(refund.lines).toEqual([{ lineNumber: 1, sku: 'A', quantity: 1, refundMinor: 765 }]);
    // points: floor(480 x 765/1980) = 185; card: floor(1500 x 765/1980) = 579, plus the cent of rounding
    expect(refund.tenders).toEqual([
      { type: 'POINTS', amountMinor: 185, points: 185 },
      { type: 'CARD', amountMinor: 580 },
    ]);
    expect(refund.pointsRefunded).toBe(185);
    expect(refund.pointsReversed).toBe(5); // floor(15 x 765/1980)
  });

  it('refunds the rest exactly: the two returns add up to the whole sale', () => {
    const rest = computeRefund(
      sale,
      [
        { lineNumber: 1, quantity: 1 },
        { lineNumber: 2, quantity: 1 },
      ],
      new Map([[1, 1]]),
    );

    expect(rest.lines.map((l) => l.refundMinor)).toEqual([765, 450]);
    expect(rest.totalMinor).toBe(1215);
    expect(rest.tenders).toEqual([
      { type: 'POINTS', amountMinor: 295, points: 295 },
      { type: 'CARD', amountMinor: 920 },
    ]);
    expect(rest.pointsReversed).toBe(10);
  });

  it('refunds a whole sale at once to the cent', () => {
    const all = computeRefund(
      sale,
      [
        { lineNumber: 1, quantity: 2 },
        { lineNumber: 2, quantity: 1 },
      ],
      new Map(),
    );

    expect(all.totalMinor).toBe(1980);
    expect(all.tenders).toEqual([
      { type: 'POINTS', amountMinor: 480, points: 480 },
      { type: 'CARD', amountMinor: 1500 },
    ]);
    expect(all.pointsReversed).toBe(15);
  });

  it('counts what other lines refunded before: a line returned after another takes the tenders from where it left them', () => {
    // Line 2 first: 4.50; points floor(480 x 450/1980) = 109, card 3.41; then both units of line 1: 15.30.
    const first = computeRefund(sale, [{ lineNumber: 2, quantity: 1 }], new Map());
    expect(first.tenders).toEqual([
      { type: 'POINTS', amountMinor: 109, points: 109 },
      { type: 'CARD', amountMinor: 341 },
    ]);
    const second = computeRefund(sale, [{ lineNumber: 1, quantity: 2 }], new Map([[2, 1]]));

    expect(second.totalMinor).toBe(1530);
    expect(second.tenders).toEqual([
      { type: 'POINTS', amountMinor: 480 - 109, points: 480 - 109 },
      { type: 'CARD', amountMinor: 1500 - 341 },
    ]);
    expect(first.pointsReversed + second.pointsReversed).toBe(15);
  });
});
