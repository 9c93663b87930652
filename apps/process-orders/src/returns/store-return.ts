import type { ReceiptKind, ReturnDisposition, ReturnMode, ReturnState } from '@omnigate/contracts';
import type { SharedInstance } from '@omnigate/workflow';
import type { LineRefund, TenderRefund } from './refund';

/** A returned line: the refund computed for it and what becomes of the goods. */
export interface StoreReturnLine extends LineRefund {
  disposition: ReturnDisposition;
}

/** What a return knows, kept as facts on the shared instance tables. */
export interface StoreReturnFacts {
  mode: ReturnMode;
  registerId: string | null;
  clientAppId: string;
  receipt: { kind: ReceiptKind; reference: string; storeId: string; purchasedAt: string };
  currency: string;
  memberId: string | null;
  lines: StoreReturnLine[];
  refundMinor: number;
  tenders: TenderRefund[];
  pointsRefunded: number;
  pointsReversed: number;
  /** The accrual on the purchase the reversal refers to. */
  accrualReference: string | null;
  /** Backend ids learned by the steps after the refund. */
  stockMovementIds: string[];
  pointsRefundTransactionId: string;
  accrualReversalTransactionId: string;
}

/**
 * A return on the shared instance tables; keys `storeId` (the store taking it, which the store guard
 * compares), `receiptKey` (the purchase it refers to, the lock of its lines), the purchase's own
 * `saleKey` or `orderId` (see `purchaseKeyOf`) and the member's `memberId`.
 */
export type StoreReturn = SharedInstance<ReturnState, StoreReturnFacts>;
