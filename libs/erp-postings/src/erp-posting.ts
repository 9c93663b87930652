import type { Posting, PostingKind } from '@omnigate/contracts';

/** Where a posting stands in the ledger: `void` was withdrawn before it ever reached the ERP. */
export type PostingStatus = 'pending' | 'posted' | 'dead' | 'void';

/** A ledger row: the posting and what became of it. */
export interface PostingRecord extends Posting {
  status: PostingStatus;
  erpDocumentId: string | null;
  /** ERP calls that failed for real (a "not now" answer uses none). */
  attempts: number;
  lastError: string | null;
  /** The posting this one reverses, when it is a reversal. */
  reverses: string | null;
  createdAt: string;
  /** Since when the posting spends its retry budget: its creation, or its last replay. */
  budgetStartedAt: string;
}

/** The id of the reversal of posting `postingId`: derived, so asking twice finds one reversal. */
export const reversalIdOf = (postingId: string): string => `rev_${postingId}`;

/** The posting id of a flow's document of one kind, e.g. `sale_<saleId>`: derived, so scheduling it twice finds one posting. */
export const postingIdOf = (kind: PostingKind, sourceId: string): string =>
  `${kind.toLowerCase()}_${sourceId}`;
