import type { ReceiptTender, PurchaseReceipt } from './purchase-receipt';

/** Units of one receipt line in a return. */
export interface ReturnedQuantity {
  lineNumber: number;
  quantity: number;
}

export interface LineRefund {
  lineNumber: number;
  sku: string;
  quantity: number;
  refundMinor: number;
}

export interface TenderRefund {
  type: ReceiptTender['type'];
  amountMinor: number;
  points?: number;
}

export interface Refund {
  lines: LineRefund[];
  totalMinor: number;
  tenders: TenderRefund[];
  /** Points given back to the member: the POINTS tenders' share, never cash. */
  pointsRefunded: number;
  /** Points accrued on the purchase taken back in proportion. */
  pointsReversed: number;
}

const share = (amount: number, part: number, whole: number) =>
  whole === 0 ? 0 : Math.floor((amount * part) / whole);

/**
 * What each line was paid: as the purchase split it, or its price less its promotions and its share
 * of the order discount, the discount spread in proportion to the lines' nets, the rounding
 * remainder to the largest fractions.
 */
export function paidPerLine(receipt: PurchaseReceipt): Map<number, number> {
  if (receipt.lines.every((l) => l.paidMinor !== undefined))
    return new Map(receipt.lines.map((l) => [l.lineNumber, l.paidMinor!]));
  const nets = receipt.lines.map((l) => ({
    line: l.lineNumber,
    net: l.unitPriceMinor * l.quantity - l.promotionDiscountMinor,
  }));
  const total = nets.reduce((sum, l) => sum + l.net, 0);
  const discount = Math.min(receipt.orderDiscountMinor, total);
  const allocated = nets.map((l) => ({
    ...l,
    cut: share(discount, l.net, total),
    fraction: total === 0 ? 0 : (discount * l.net) % total,
  }));
  let remainder = discount - allocated.reduce((sum, l) => sum + l.cut, 0);
  for (const l of [...allocated].sort((a, b) => b.fraction - a.fraction || a.line - b.line)) {
    if (remainder === 0) break;
    l.cut += 1;
    remainder -= 1;
  }
  return new Map(allocated.map((l) => [l.line, l.net - l.cut]));
}

/**
 * The refund of a return, computed from the receipt, never taken from the till. Every figure is the
 * difference of a cumulative share (what the receipt refunds once `before` and then `after` units
 * are back), so partial returns add up to exactly the full one: no cent and no point is refunded
 * twice or lost to rounding. `returnedBefore` holds the units earlier returns took of every line of
 * the receipt (absent: none), this return's lines or not: the receipt's refunded total depends on all. Points tenders are refunded as points; the rounding of the money
 * tenders goes to the first one that is not points.
 */
export function computeRefund(
  receipt: PurchaseReceipt,
  returned: readonly ReturnedQuantity[],
  returnedBefore: ReadonlyMap<number, number>,
): Refund {
  const paid = paidPerLine(receipt);
  const lineOf = new Map(receipt.lines.map((l) => [l.lineNumber, l]));
  const cumulative = (lineNumber: number, units: number) => {
    const line = lineOf.get(lineNumber)!;
    return units >= line.quantity
      ? paid.get(lineNumber)!
      : share(paid.get(lineNumber)!, units, line.quantity);
  };
  const lines = returned.map((r) => ({
    lineNumber: r.lineNumber,
    sku: lineOf.get(r.lineNumber)!.sku,
    quantity: r.quantity,
    refundMinor:
      cumulative(r.lineNumber, (returnedBefore.get(r.lineNumber) ?? 0) + r.quantity) -
      cumulative(r.lineNumber, returnedBefore.get(r.lineNumber) ?? 0),
  }));
  const receiptTotal = [...paid.values()].reduce((sum, p) => sum + p, 0);
  const refundedBefore = receipt.lines.reduce(
    (sum, l) => sum + cumulative(l.lineNumber, returnedBefore.get(l.lineNumber) ?? 0),
    0,
  );
  const totalMinor = lines.reduce((sum, l) => sum + l.refundMinor, 0);
  const refundedAfter = refundedBefore + totalMinor;

  const tendered = (x: number) => tenderShares(receipt.tenders, x, receiptTotal);
  const [before, after] = [tendered(refundedBefore), tendered(refundedAfter)];
  const tenders = receipt.tenders
    .map((t, i) => ({
      type: t.type,
      amountMinor: after[i] - before[i],
      ...(t.type === 'POINTS' && {
        points:
          share(t.points ?? 0, refundedAfter, receiptTotal) -
          share(t.points ?? 0, refundedBefore, receiptTotal),
      }),
    }))
    .filter((t) => t.amountMinor > 0 || (t.points ?? 0) > 0);
  const accrued = receipt.accrual?.points ?? 0;
  return {
    lines,
    totalMinor,
    tenders,
    pointsRefunded: tenders.reduce((sum, t) => sum + (t.points ?? 0), 0),
    pointsReversed:
      share(accrued, refundedAfter, receiptTotal) - share(accrued, refundedBefore, receiptTotal),
  };
}

/** Each tender's cumulative share of `refunded`; the rounding goes to the first tender that is not points. */
function tenderShares(tenders: readonly ReceiptTender[], refunded: number, receiptTotal: number): number[] {
  const shares = tenders.map((t) => share(t.amountMinor, refunded, receiptTotal));
  if (tenders.length === 0) return shares;
  const money = tenders.findIndex((t) => t.type !== 'POINTS');
  const takesRounding = money === -1 ? 0 : money;
  shares[takesRounding] += refunded - shares.reduce((sum, s) => sum + s, 0);
  return shares;
}
