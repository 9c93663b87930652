import { Injectable } from '@nestjs/common';
import { Database, JobQueue, PREPARED, type SqlExecutor } from '@omnigate/persistence';
import type { Posting } from '@omnigate/contracts';
import { reversalIdOf, type PostingRecord, type PostingStatus } from './erp-posting';

/** The queue every ERP write goes through. */
export const ERP_POSTINGS_QUEUE = 'erp-postings';

/** What a posting job carries: ids only, never the document. */
export interface PostingJob {
  postingId: string;
  correlationId: string;
}

/** The posting backlog operators and the gauges watch. */
export interface PostingBacklog {
  pending: number;
  posted: number;
  dead: number;
  void: number;
  oldestPendingAgeS: number | null;
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
  reference: string | null;
  reverses: string | null;
  reversal_requested: boolean;
  status: PostingStatus;
  erp_document_id: string | null;
  attempts: number;
  last_error: string | null;
  created_at: Date | string;
  budget_started_at: Date | string;
}

/** The columns {@link toRecord} reads: reads name them, so that the hot ones run prepared. */
const POSTING_COLUMNS = [
  'posting_id',
  'kind',
  'source_type',
  'source_id',
  'store_id',
  'currency',
  'occurred_at',
  'lines',
  'reference',
  'reverses',
  'reversal_requested',
  'status',
  'erp_document_id',
  'attempts',
  'last_error',
  'created_at',
  'budget_started_at',
] as const satisfies readonly (keyof PostingRow)[];
const SELECTED = POSTING_COLUMNS.join(', ');

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
    ...(row.reference && { reference: row.reference }),
    status: row.status,
    erpDocumentId: row.erp_document_id,
    attempts: row.attempts,
    lastError: row.last_error,
    reverses: row.reverses,
    createdAt: new Date(row.created_at).toISOString(),
    budgetStartedAt: new Date(row.budget_started_at).toISOString(),
  };
}

/** The singleton key of a posting's job: pg-boss keeps at most one queued job per posting. */
export const postingJobKey = (postingId: string) => `posting:${postingId}`;

/** The durable record of what was (to be) posted to the ERP; the only SQL on `erp_postings`. */
@Injectable()
export class PostingLedger {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobQueue,
  ) {}

  /** Records the posting and schedules its job in the caller's transaction; a known posting id is left alone. */
  async schedule(tx: SqlExecutor, posting: Posting, correlationId: string, reverses?: string): Promise<void> {
    const inserted = await tx.query(
      `INSERT INTO erp_postings (posting_id, kind, source_type, source_id, store_id, currency, occurred_at, lines, reference, reverses)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (posting_id) DO NOTHING RETURNING posting_id`,
      [
        posting.postingId,
        posting.kind,
        posting.sourceType,
        posting.sourceId,
        posting.storeId,
        posting.currency,
        posting.occurredAt,
        JSON.stringify(posting.lines),
        posting.reference ?? null,
        reverses ?? null,
      ],
      PREPARED,
    );
    if (inserted.length === 0) return;
    await this.jobs.send<PostingJob>(
      tx,
      ERP_POSTINGS_QUEUE,
      { postingId: posting.postingId, correlationId },
      {
        singletonKey: postingJobKey(posting.postingId),
      },
    );
  }

  /**
   * Takes posting `postingId` back, in the caller's transaction: one still waiting (or dead) is
   * voided and never sent; one the ERP holds is reversed by a posting of the same kind with negated
   * lines, referencing it. One in flight right now is voided, and reversed when it lands
   * ({@link markPosted}). Repeating it changes nothing.
   */
  async reverse(
    tx: SqlExecutor,
    postingId: string,
    correlationId: string,
  ): Promise<'void' | 'reversed' | 'unknown'> {
    const [row] = await tx.query<PostingRow>(
      `UPDATE erp_postings SET reversal_requested = true,
         status = CASE WHEN status IN ('pending', 'dead') THEN 'void' ELSE status END
       WHERE posting_id = $1 RETURNING ${SELECTED}`,
      [postingId],
    );
    if (!row) return 'unknown';
    if (row.status !== 'posted') return 'void';
    await this.scheduleReversal(tx, toRecord(row), correlationId);
    return 'reversed';
  }

  async find(postingId: string, tx: SqlExecutor = this.db): Promise<PostingRecord | undefined> {
    const [row] = await tx.query<PostingRow>(
      `SELECT ${SELECTED} FROM erp_postings WHERE posting_id = $1`,
      [postingId],
      PREPARED,
    );
    return row && toRecord(row);
  }

  async listBySource(sourceType: string, sourceId: string): Promise<PostingRecord[]> {
    const rows = await this.db.query<PostingRow>(
      `SELECT ${SELECTED} FROM erp_postings WHERE source_type = $1 AND source_id = $2 ORDER BY created_at`,
      [sourceType, sourceId],
      PREPARED,
    );
    return rows.map(toRecord);
  }

  /** The ERP holds the document; a posting withdrawn while it was on its way is reversed now. */
  async markPosted(
    tx: SqlExecutor,
    postingId: string,
    erpDocumentId: string,
    correlationId: string,
  ): Promise<void> {
    const [row] = await tx.query<PostingRow>(
      `UPDATE erp_postings SET status = 'posted', erp_document_id = $2, posted_at = now(), last_error = NULL, next_attempt_at = NULL
       WHERE posting_id = $1 RETURNING ${SELECTED}`,
      [postingId, erpDocumentId],
      PREPARED,
    );
    if (row?.reversal_requested) await this.scheduleReversal(tx, toRecord(row), correlationId);
  }

  /** Notes a failed call and when the posting is tried again; `usedAttempt` is false for a "not now" answer. */
  async recordRetry(
    tx: SqlExecutor,
    postingId: string,
    reason: string,
    usedAttempt: boolean,
    retryInS: number,
  ): Promise<void> {
    await tx.query(
      `UPDATE erp_postings SET attempts = attempts + $3, last_error = $2, next_attempt_at = now() + make_interval(secs => $4)
       WHERE posting_id = $1 AND status = 'pending'`,
      [postingId, reason.slice(0, 500), usedAttempt ? 1 : 0, retryInS],
    );
  }

  /** The posting is dead-lettered with its reason: refused for good, or out of retry budget. */
  async recordDead(postingId: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE erp_postings SET status = 'dead', last_error = $2, next_attempt_at = NULL WHERE posting_id = $1 AND status = 'pending'`,
      [postingId, reason.slice(0, 500)],
    );
  }

  /** Puts dead postings back to pending before their jobs are replayed, in the replay's transaction. */
  async revive(tx: SqlExecutor, postingIds: string[]): Promise<void> {
    await tx.query(
      `UPDATE erp_postings SET status = 'pending', budget_started_at = now() WHERE posting_id = ANY($1::text[]) AND status = 'dead'`,
      [postingIds],
    );
  }

  /** Counts by status and the age of the oldest unposted posting: the posting lag operators watch. */
  async backlog(): Promise<PostingBacklog> {
    const rows = await this.db.query<{
      status: PostingStatus;
      count: string | number;
      oldest_age_s: string | number | null;
    }>(
      `SELECT status, count(*) AS count, floor(extract(epoch FROM now() - min(created_at))) AS oldest_age_s
       FROM erp_postings GROUP BY status`,
    );
    const count = (s: PostingStatus) => Number(rows.find((r) => r.status === s)?.count ?? 0);
    const oldest = rows.find((r) => r.status === 'pending')?.oldest_age_s;
    return {
      pending: count('pending'),
      posted: count('posted'),
      dead: count('dead'),
      void: count('void'),
      oldestPendingAgeS: oldest === undefined || oldest === null ? null : Number(oldest),
    };
  }

  private async scheduleReversal(
    tx: SqlExecutor,
    original: PostingRecord,
    correlationId: string,
  ): Promise<void> {
    const reversal: Posting = {
      postingId: reversalIdOf(original.postingId),
      kind: original.kind,
      sourceType: original.sourceType,
      sourceId: original.sourceId,
      storeId: original.storeId,
      currency: original.currency,
      occurredAt: new Date().toISOString(),
      lines: original.lines.map((l) => ({
        sku: l.sku,
        quantity: -l.quantity,
        netAmountMinor: -l.netAmountMinor,
      })),
      reference: original.postingId,
    };
    await this.schedule(tx, reversal, correlationId, original.postingId);
  }
}
