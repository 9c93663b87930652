/** Kinds of ERP document a business event produces. */
export type PostingKind = 'SALE' | 'DEMAND' | 'CREDIT_MEMO' | 'POINTS_LIABILITY';

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
}

/** The ERP document created (or found already created) for a posting. */
export interface PostingReceipt {
  postingId: string;
  erpDocumentId: string;
  alreadyPosted: boolean;
}
