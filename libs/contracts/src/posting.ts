import type { PostingKind } from './system-erp/posting';

/** The ERP document created for a business event, exactly once: `postingId` is the ERP's external reference. */
export interface Posting {
  postingId: string;
  kind: PostingKind;
  /** The workflow and record that caused it, e.g. 'pickup-order' and the order id. */
  sourceType: string;
  sourceId: string;
  storeId: string;
  currency: string;
  occurredAt: string;
  lines: { sku: string; quantity: number; netAmountMinor: number }[];
  /** The posting this one consumes (a SALE its DEMAND) or reverses (a reversal its original), by posting id. */
  reference?: string;
}
