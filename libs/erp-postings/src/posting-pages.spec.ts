import {
  POSTING_LINE_MAX_AMOUNT_MINOR,
  POSTING_LINE_MAX_QUANTITY,
  POSTING_MAX_LINES,
} from '@omnigate/contracts';
import { pagePostingIdOf, postingPagesOf } from './posting-pages';

const sum = (lines: { quantity: number; netAmountMinor: number }[]) =>
  lines.reduce((t, l) => ({ quantity: t.quantity + l.quantity, amount: t.amount + l.netAmountMinor }), {
    quantity: 0,
    amount: 0,
  });

describe('postingPagesOf', () => {
  it('keeps a document within the limits as one page, unchanged', () => {
    const lines = [
      { sku: '27023702', quantity: 2, netAmountMinor: 2598 },
      { sku: '43538611', quantity: -1, netAmountMinor: -499 },
    ];
    expect(postingPagesOf(lines)).toEqual([lines]);
  });

  it('pages 450 skus as 200, 200 and 50 lines, in order, adding up to the whole', () => {
    const lines = Array.from({ length: 450 }, (_, i) => ({
      sku: String(10_000_000 + i),
      quantity: 1 + (i % 7),
      netAmountMinor: 1_000 + i,
    }));
    const pages = postingPagesOf(lines);
    expect(pages.map((p) => p.length)).toEqual([POSTING_MAX_LINES, POSTING_MAX_LINES, 50]);
    expect(pages.flat()).toEqual(lines);
  });

  it("splits a sku's units and amount beyond one line's limits into lines that add up exactly", () => {
    const line = { sku: '27023702', quantity: 25_001, netAmountMinor: 250_010_003 };
    const [page] = postingPagesOf([line]);
    expect(page).toHaveLength(3);
    for (const part of page) {
      expect(part.sku).toBe('27023702');
      expect(Math.abs(part.quantity)).toBeLessThanOrEqual(POSTING_LINE_MAX_QUANTITY);
      expect(Math.abs(part.netAmountMinor)).toBeLessThanOrEqual(POSTING_LINE_MAX_AMOUNT_MINOR);
    }
    expect(sum(page)).toEqual({ quantity: 25_001, amount: 250_010_003 });
    // A negative (returned) line splits the same way, keeping its sign.
    const [back] = postingPagesOf([{ ...line, quantity: -25_001, netAmountMinor: -250_010_003 }]);
    expect(sum(back)).toEqual({ quantity: -25_001, amount: -250_010_003 });
    expect(back.every((l) => l.quantity < 0 && l.netAmountMinor < 0)).toBe(true);
  });

  it('names the first page by the document and the next ones by page', () => {
    expect([1, 2, 3].map((page) => pagePostingIdOf('jrn_abc', page))).toEqual([
      'jrn_abc',
      'jrn_abc-p2',
      'jrn_abc-p3',
    ]);
  });
});
