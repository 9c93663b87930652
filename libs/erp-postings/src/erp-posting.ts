import type { Posting } from '@omnigate/contracts';

/** Where a posting stands in the ledger. */
export type PostingStatus = 'pending' | 'posted' | 'dead';

/** A ledger row: the posting and what became of it. */
export interface PostingRecord extends Posting {
  status: PostingStatus;
  erpDocumentId: string | null;
  attempts: number;
  lastError: string | null;
}
