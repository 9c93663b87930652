import type { StoreSaleDto } from '@omnigate/contracts';
import type { SharedInstance } from '@omnigate/workflow';

/** A sale line as posted: what it earned after its promotions and its share of the order discount. */
export interface NetSaleLine {
  lineNumber: number;
  sku: string;
  quantity: number;
  netAmountMinor: number;
}

/** What a store sale knows: the sale as accepted (the returns workflow reads `sale`), and what its steps learned. */
export interface StoreSaleFacts {
  sale: StoreSaleDto;
  /** Canonical hash of `sale`: a resend with the same hash is a duplicate, another under the key a conflict. */
  saleHash: string;
  netLines: NetSaleLine[];
  totalMinor: number;
  /** daily-journal mode: the journal the sale is summarized in. */
  journalId?: string;
  accruedPoints?: number;
  loyaltyTransactionId?: string;
  /** When the redemption the sale names was captured, or found not capturable (its timeline says which). */
  redemptionSettledAt?: string;
}

export type StoreSaleState = 'ACCEPTED' | 'POSTING_SCHEDULED' | 'IN_JOURNAL';

/** A store sale on the shared instance tables; keys: storeId, registerId, sequence, saleKey, businessDate, memberId. */
export type StoreSale = SharedInstance<StoreSaleState, StoreSaleFacts>;

/** The summarized SALE journal of a store, business date and currency. */
export interface SalesJournalFacts {
  /** When the close job runs (ISO). */
  closesAt: string;
  /** Filled when it closes: the sales' lines summed per sku. */
  lines: { sku: string; quantity: number; netAmountMinor: number }[];
  saleCount: number;
  totalMinor: number;
}

export type SalesJournalState = 'OPEN' | 'CLOSED';

/** keys: storeId, businessDate, currency, part (1 for the date's journal, 2... for follow-ups). */
export type SalesJournal = SharedInstance<SalesJournalState, SalesJournalFacts>;
