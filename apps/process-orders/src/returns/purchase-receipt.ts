import type { ReceiptKind, TenderType } from '@omnigate/contracts';

/** One line of a purchase as it was paid: the price before promotions and the promotions' discount on it. */
export interface ReceiptLine {
  lineNumber: number;
  sku: string;
  quantity: number;
  unitPriceMinor: number;
  /** The line's promotions together, minor units. */
  promotionDiscountMinor: number;
  /**
   * What the line was paid, its share of the order discount deducted, when the purchase's own
   * workflow already split it (a store sale's posted net lines): the refund then credits what the
   * sale posted, to the cent.
   */
  paidMinor?: number;
}

/** How the purchase was paid; POINTS carries the points redeemed and their money value. */
export interface ReceiptTender {
  type: TenderType;
  amountMinor: number;
  points?: number;
}

/**
 * A purchase a return can refer to, whatever it was (a store sale, a collected pickup order): what
 * eligibility and the refund need, read from the record the purchase's own workflow keeps.
 */
export interface PurchaseReceipt {
  kind: ReceiptKind;
  /** The sale key or the pickup order id. */
  reference: string;
  storeId: string;
  purchasedAt: string;
  currency: string;
  memberId: string | null;
  lines: ReceiptLine[];
  /** A discount on the whole purchase (a coupon), spread over the lines in proportion to their net. */
  orderDiscountMinor: number;
  tenders: ReceiptTender[];
  /** The points the member earned on the purchase, under the loyalty platform's reference; null when none. */
  accrual: { reference: string; points: number } | null;
  /**
   * The purchase's own follow-up has not yet recorded what the member earned (its accrual job runs
   * moments after the sale or collection): a return now could not reverse those points.
   */
  settling: boolean;
}

/** One place that knows a receipt's lock key: a kind and a reference never collide across kinds. */
export function receiptKeyOf(receipt: Pick<PurchaseReceipt, 'kind' | 'reference'>): string {
  return `${receipt.kind}:${receipt.reference}`;
}

/**
 * The purchase among a return's business keys, under the name the purchase's own flow is found by
 * (a sale's `saleKey`, a pickup order's `orderId`): a search by either finds the purchase and its returns.
 */
export function purchaseKeyOf(
  receipt: Pick<PurchaseReceipt, 'kind' | 'reference'>,
): { saleKey: string } | { orderId: string } {
  return receipt.kind === 'STORE_SALE' ? { saleKey: receipt.reference } : { orderId: receipt.reference };
}

/** Where receipts of one kind are read from. */
export interface PurchaseReceiptSource {
  readonly kind: ReceiptKind;
  /** The receipt, or undefined when no such purchase exists or it cannot be returned yet (an order not collected). */
  find(reference: string): Promise<PurchaseReceipt | undefined>;
}

export const PURCHASE_RECEIPT_SOURCES = Symbol('PURCHASE_RECEIPT_SOURCES');
