import {
  POSTING_LINE_MAX_AMOUNT_MINOR,
  POSTING_LINE_MAX_QUANTITY,
  POSTING_MAX_LINES,
  type Posting,
} from '@omnigate/contracts';

type PostingLine = Posting['lines'][number];

/**
 * A line within the ERP's limits per line: a sku's units and amount beyond them are split into
 * lines that add up to it exactly (units as even as can be, the amount shared by units, the
 * remainder on the first lines).
 */
function linesWithinLimits(line: PostingLine): PostingLine[] {
  const parts = Math.max(
    1,
    Math.ceil(Math.abs(line.quantity) / POSTING_LINE_MAX_QUANTITY),
    Math.ceil(Math.abs(line.netAmountMinor) / POSTING_LINE_MAX_AMOUNT_MINOR),
  );
  if (parts === 1) return [line];
  const split = (total: number) => {
    const sign = Math.sign(total);
    const base = Math.floor(Math.abs(total) / parts);
    const extra = Math.abs(total) % parts;
    return Array.from({ length: parts }, (_, i) => sign * (base + (i < extra ? 1 : 0)));
  };
  const quantities = split(line.quantity);
  const amounts = split(line.netAmountMinor);
  return quantities.map((quantity, i) => ({ sku: line.sku, quantity, netAmountMinor: amounts[i] }));
}

/**
 * The lines of one business document as the pages of ERP documents that carry it: each page at most
 * `POSTING_MAX_LINES` lines, each line within the per-line limits; together they add up to the
 * lines given, in their order. A document within the limits is one page, unchanged.
 */
export function postingPagesOf(lines: readonly PostingLine[]): PostingLine[][] {
  const within = lines.flatMap(linesWithinLimits);
  const pages: PostingLine[][] = [];
  for (let i = 0; i < within.length; i += POSTING_MAX_LINES)
    pages.push(within.slice(i, i + POSTING_MAX_LINES));
  return pages.length > 0 ? pages : [[]];
}

/** The id of page `page` (1-based) of the document `postingId`: the first page keeps the document's own id. */
export function pagePostingIdOf(postingId: string, page: number): string {
  return page === 1 ? postingId : `${postingId}-p${page}`;
}
