import type { StoreSaleDto } from '@omnigate/contracts';
import { checkSale, netLinesOf, saleHashOf } from './store-sale-checks';

const sale = (overrides: Partial<StoreSaleDto> = {}): StoreSaleDto => ({
  storeId: 'ST-6930',
  registerId: 'REG-01',
  sequence: 7,
  businessDate: '2026-11-23',
  occurredAt: '2026-11-23T09:30:00.000Z',
  currency: 'USD',
  lines: [
    {
      lineNumber: 1,
      sku: '27023702',
      quantity: 2,
      unitPriceMinor: 1000,
      promotions: [{ promotionId: 'P1', discountMinor: 300 }],
    },
    { lineNumber: 2, sku: '55592108', quantity: 1, unitPriceMinor: 301 },
  ],
  orderDiscountMinor: 100,
  tenders: [{ type: 'CARD', amountMinor: 1901 }],
  ...overrides,
});

describe('checking a sale of a batch', () => {
  it('accepts a sale whose tenders add up to its lines less promotions and the order discount', async () => {
    const check = await checkSale(sale() as unknown as Record<string, unknown>);
    expect(check).toMatchObject({ ok: true, checked: { saleKey: 'ST-6930:REG-01:7', totalMinor: 1901 } });
  });

  it('shares the order discount over the lines so their net amounts add up to the total', () => {
    const { netLines, totalMinor } = netLinesOf(sale({ orderDiscountMinor: 101 }));
    expect(totalMinor).toBe(1900);
    expect(netLines.map((l) => l.netAmountMinor)).toEqual([1700 - 86, 301 - 15]);
    expect(netLines.reduce((sum, l) => sum + l.netAmountMinor, 0)).toBe(totalMinor);
  });

  it.each([
    ['sale-tenders-mismatch', { tenders: [{ type: 'CARD' as const, amountMinor: 1900 }] }],
    [
      'sale-line-numbers-repeated',
      {
        lines: [sale().lines[1], sale().lines[1]],
        orderDiscountMinor: 0,
        tenders: [{ type: 'CARD' as const, amountMinor: 602 }],
      },
    ],
    [
      'sale-promotion-exceeds-line',
      { lines: [{ ...sale().lines[1], promotions: [{ promotionId: 'P', discountMinor: 302 }] }] },
    ],
    ['sale-discount-exceeds-total', { orderDiscountMinor: 5_000 }],
    ['sale-points-tender-invalid', { tenders: [{ type: 'POINTS' as const, amountMinor: 1901 }] }],
    ['sale-points-need-member', { tenders: [{ type: 'POINTS' as const, amountMinor: 1901, points: 1901 }] }],
    ['sale-invalid', { businessDate: '2026-02-30' }],
    [
      'sale-line-too-large',
      {
        lines: [{ lineNumber: 1, sku: '27023702', quantity: 2, unitPriceMinor: 60_000_000 }],
        orderDiscountMinor: 0,
        tenders: [
          { type: 'CARD' as const, amountMinor: 60_000_000 },
          { type: 'CASH' as const, amountMinor: 60_000_000 },
        ],
      },
    ],
  ])('refuses %s, naming the sale key', async (type, overrides) => {
    const check = await checkSale(sale(overrides) as unknown as Record<string, unknown>);
    expect(check).toMatchObject({ ok: false, saleKey: 'ST-6930:REG-01:7', problem: { type } });
  });

  it('refuses an unknown field and a malformed value, with the fields named', async () => {
    const check = await checkSale({ ...sale(), coupon: 'X', sequence: 0 } as unknown as Record<
      string,
      unknown
    >);
    expect(check).toMatchObject({ ok: false, problem: { type: 'sale-invalid' } });
    expect(check.ok || check.problem.detail).toMatch(/coupon.*|sequence/);
  });

  it('hashes a sale the same whatever order its fields come in, and differently when anything differs', () => {
    const reordered = Object.fromEntries(Object.entries(sale()).reverse()) as unknown as StoreSaleDto;
    expect(saleHashOf(reordered)).toBe(saleHashOf(sale()));
    expect(saleHashOf(sale({ occurredAt: '2026-11-23T09:30:01.000Z' }))).not.toBe(saleHashOf(sale()));
  });
});
