/** What a difference between our flows, the ERP and the loyalty ledger is; the page groups and explains them by it. */
export const DIFFERENCE_KINDS = [
  /** A flow's state calls for an ERP posting the ledger does not hold. */
  'erp-posting-missing',
  /** The ledger holds the posting, still waiting (pending) or given up (dead): not in the ERP yet. */
  'erp-posting-outstanding',
  /** The ledger says posted, with an ERP document number, and the ERP holds no document under the posting id. */
  'erp-document-missing',
  /** The ERP document's lines or total differ from the posting. */
  'erp-amount-mismatch',
  /** The posting was withdrawn (void) before it was sent, yet the ERP holds a document for it. */
  'erp-document-unexpected',
  /** The ERP holds a document of the store and day that no posting of ours produced. */
  'erp-document-without-flow',
  /** The flow earned points (or refunded them as points) and the loyalty ledger has no accrual under its reference. */
  'loyalty-accrual-missing',
  /** A member's flow whose points step has not run yet. */
  'loyalty-accrual-outstanding',
  /** A return took points back and the loyalty ledger has no reversal under its reference. */
  'loyalty-reversal-missing',
  /** A pickup order or a till redemption holds points and the loyalty ledger has no redemption under its hold reference. */
  'loyalty-redemption-missing',
  /** A cancelled or expired pickup order's, or a voided or expired till redemption's, points hold was never given back. */
  'loyalty-redemption-not-released',
  /** A collected pickup order's, or a captured (or still authorized) till redemption's, points hold was given back: the member kept points they spent. */
  'loyalty-redemption-released',
  /** The ledger booked another number of points than the flow. */
  'loyalty-points-mismatch',
  /** A sale names a till redemption its capture step has not settled yet, and the redemption is not captured for it. */
  'sale-redemption-outstanding',
  /** A sale names a till redemption that was not captured for it: unknown, voided, expired, still authorized, or captured for another sale. */
  'sale-redemption-not-captured',
  /** A sale's POINTS tenders (points or their value) differ from the till redemption it captured, or it tendered points naming no redemption. */
  'sale-points-tender-mismatch',
] as const;
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];

/** The flow a difference belongs to, as the control tower opens it (`GET /api/flows/{workflow}/{flowId}`). */
export interface FlowLink {
  workflow: string;
  flowId: string;
}

/** One difference: its kind, its flow (none for a document no flow produced), and what was expected and found. */
export interface Difference {
  kind: DifferenceKind;
  flow: FlowLink | null;
  /** The posting id (ERP), loyalty reference, or (a sale against its till redemption) the redemption id the difference is about. */
  reference: string;
  erpDocumentId?: string;
  expected?: unknown;
  found?: unknown;
}

export type ReconciliationTrigger = 'on-demand' | 'schedule';

/** A reconciliation of one store and business date, as it was run and kept. */
export interface ReconciliationReport {
  reportId: string;
  storeId: string;
  businessDate: string;
  trigger: ReconciliationTrigger;
  requestedBy: string | null;
  ranAt: string;
  /** What was compared: flows of the day, their postings, ERP documents and loyalty transactions read. */
  checked: { flows: number; postings: number; erpDocuments: number; loyaltyTransactions: number };
  differences: Difference[];
}
