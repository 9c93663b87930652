import { Injectable } from '@nestjs/common';
import { Database, JobQueue, type SqlExecutor } from '@omnigate/persistence';
import type { Posting } from '@omnigate/contracts';
import type { PostingRecord, PostingStatus } from './erp-posting';

/** The queue every ERP write goes through. */
export const ERP_POSTINGS_QUEUE = 'erp-postings';

/** What a posting job carries: ids only, never the document. */
export interface PostingJob {
  postingId: string;
  correlationId: string;
}

interface PostingRow {
  posting_id: string;
  kind: Posting['kind'];
  source_type: string;
  source_id: string;
  store_id: string;
  currency: string;
  occurred_at: Date | string;
  lines: Posting['lines'] | string;
  status: PostingStatus;
  erp_document_id: string | null;
  attempts: number;
  last_error: string | null;
}

function toRecord(row: PostingRow): PostingRecord {
  return {
    postingId: row.posting_id,
    kind: row.kind,
    sourceType: row.source_type,
    sourceId: row.source_id,
    storeId: row.store_id,
    currency: row.currency,
    occurredAt: new Date(row.occurred_at).toISOString(),
    lines: typeof row.lines === 'string' ? JSON.parse(row.lines) : row.lines,
    status: row.status,
    erpDocumentId: row.erp_document_id,
    attempts: row.attempts,
    lastError: row.last_error,
  };
}

/** The durable record of what was (to be) posted to the ERP; the only SQL on `erp_postings`. */
@Injectable()
export class PostingLedger {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobQueue,
  ) {}

  /** Records the posting and schedules its job in the caller's transaction; a known posting id is left alone. */
  async schedule(tx: SqlExecutor, posting: Posting, correlationId: string): Promise<void> {
    const inserted = await tx.query(
      `INSERT INTO erp_postings (posting_id, kind, source_type, source_id, store_id, currency, occurred_at, lines)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (posting_id) DO NOTHING RETURNING posting_id`,
      [posting.postingId, posting.kind, posting.sourceType, posting.sourceId, posting.storeId, posting.currency, posting.occurredAt, JSON.stringify(posting.lines)],
    );
    if (inserted.length === 0) return;
    await this.jobs.send<PostingJob>(tx, ERP_POSTINGS_QUEUE, { postingId: posting.postingId, correlationId });
  }

  async find(postingId: string): Promise<PostingRecord | undefined> {
    const [row] = await this.db.query<PostingRow>('SELECT * FROM erp_postings WHERE posting_id = $1', [postingId]);
    return row && toRecord(row);
  }

  async listBySource(sourceType: string, sourceId: string): Promise<PostingRecord[]> {
    const rows = await this.db.query<PostingRow>(
      'SELECT * FROM erp_postings WHERE source_type = $1 AND source_id = $2 ORDER BY created_at',
      [sourceType, sourceId],
    );
    return rows.map(toRecord);
  }

  async markPosted(tx: SqlExecutor, postingId: string, erpDocumentId: string): Promise<void> {
    await tx.query(
      `UPDATE erp_postings SET status = 'posted', erp_document_id = $2, posted_at = now(), attempts = attempts + 1, last_error = NULL
       WHERE posting_id = $1`,
      [postingId, erpDocumentId],
    );
  }

  /** Notes a failed attempt; `dead` when no retry is left (the job goes to the dead letter queue). */
  async recordFailure(postingId: string, reason: string, dead: boolean): Promise<void> {
    await this.db.query(
      `UPDATE erp_postings SET attempts = attempts + 1, last_error = $2, status = CASE WHEN $3 THEN 'dead' ELSE status END
       WHERE posting_id = $1 AND status <> 'posted'`,
      [postingId, reason.slice(0, 500), dead],
    );
  }

  /** Puts a dead posting back to pending before its job is replayed. */
  async revive(postingId: string): Promise<void> {
    await this.db.query(`UPDATE erp_postings SET status = 'pending' WHERE posting_id = $1 AND status = 'dead'`, [postingId]);
  }

  /** Counts by status and the age of the oldest unposted posting: the posting lag operators watch. */
  async backlog(): Promise<{ pending: number; posted: number; dead: number; oldestPendingAgeS: number | null }> {
    const rows = await this.db.query<{ status: PostingStatus; count: string | number; oldest: Date | string | null }>(
      `SELECT status, count(*) AS count, min(created_at) AS oldest FROM erp_postings GROUP BY status`,
    );
    const count = (s: PostingStatus) => Number(rows.find((r) => r.status === s)?.count ?? 0);
    const oldest = rows.find((r) => r.status === 'pending')?.oldest;
    return {
      pending: count('pending'),
      posted: count('posted'),
      dead: count('dead'),
      oldestPendingAgeS: oldest ? Math.floor((Date.now() - new Date(oldest).getTime()) / 1000) : null,
    };
  }
}
