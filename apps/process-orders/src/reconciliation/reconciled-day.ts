import type { PostingKind } from '@omnigate/contracts';

/** A flow of the day as reconciliation reads it: enough of its state and facts to know what it should have booked. */
export type DayFlow =
  | {
      workflow: 'pickup-order';
      flowId: string;
      state: string;
      memberId: string | null;
      accruedPoints: number | null;
      redemptionId: string | null;
      pointsRedeemed: number;
    }
  | {
      workflow: 'store-sale';
      flowId: string;
      state: string;
      memberId: string | null;
      accruedPoints: number | null;
      journalId: string | null;
      /** The sale's key, as a till redemption it captured records it (`capturedForSale`). */
      saleKey: string;
      /** What the sale's POINTS tenders add up to; null when it tendered no points. */
      pointsTendered: { points: number; amountMinor: number } | null;
      /** The till redemption the sale names, and what became of it; null when it names none. */
      redemption: SaleRedemption | null;
    }
  | {
      workflow: 'sales-journal';
      flowId: string;
      state: string;
      /** The SALE documents it posts once closed: its own id, then one per further page. */
      postingIds: string[];
    }
  | {
      workflow: 'return';
      flowId: string;
      state: string;
      memberId: string | null;
      pointsRefunded: number;
      pointsReversed: number;
      accrualReference: string | null;
    }
  | {
      workflow: 'till-redemption';
      flowId: string;
      state: string;
      points: number;
      valueMinor: number;
      /** The loyalty platform's redemption holding the points; null while (or when) the hold was never known to be taken. */
      loyaltyRedemptionId: string | null;
      /** The key of the store sale that captured it, when a sale did. */
      capturedForSale: string | null;
    };

/** The till redemption a store sale names: whether the sale's capture step ran, and the redemption as it stands (of any day). */
export interface SaleRedemption {
  redemptionId: string;
  /** The sale's capture step ran (done, or found the redemption not capturable). */
  settled: boolean;
  /** null when no till redemption has that id. */
  found: { state: string; points: number; valueMinor: number; capturedForSale: string | null } | null;
}

/** A posting of the ledger as reconciliation compares it. */
export interface LedgerPosting {
  postingId: string;
  kind: PostingKind;
  sourceType: string;
  sourceId: string;
  status: 'pending' | 'posted' | 'dead' | 'void';
  erpDocumentId: string | null;
  lines: { sku: string; quantity: number; netAmountMinor: number }[];
}
