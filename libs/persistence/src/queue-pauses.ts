import type { Database } from './database';
import type { Migration } from './migrate';
import { PREPARED } from './sql-executor';

/** One paused queue: who paused it, why and since when. */
export interface QueuePause {
  queue: string;
  pausedBy: string;
  reason: string;
  pausedAt: Date;
}

/** The table of paused queues; every app that lets operators pause its queues includes this migration. */
export const queuePauseMigrations: Migration[] = [
  {
    id: '2026-11-30-queue-pauses',
    sql: `
      CREATE TABLE IF NOT EXISTS queue_pauses (
        queue      text PRIMARY KEY,
        paused_by  text NOT NULL,
        reason     text NOT NULL,
        paused_at  timestamptz NOT NULL DEFAULT clock_timestamp()
      );
    `,
  },
];

/**
 * The paused queues of an app, in its database so every replica reads the same list; the only file
 * with SQL for `queue_pauses`. {@link JobQueue.followPauses} keeps each replica's workers off them.
 */
export class QueuePauses {
  constructor(private readonly db: Database) {}

  /** Pauses `queue`, or answers the pause already in force (its first author and reason stay). */
  async pause(queue: string, pausedBy: string, reason: string): Promise<QueuePause> {
    await this.db.query(
      `INSERT INTO queue_pauses (queue, paused_by, reason) VALUES ($1, $2, $3) ON CONFLICT (queue) DO NOTHING`,
      [queue, pausedBy, reason],
    );
    const pause = (await this.list()).find((p) => p.queue === queue);
    // Resumed by someone else between the two statements: pause again rather than answer a stale state.
    return pause ?? this.pause(queue, pausedBy, reason);
  }

  /** Lifts the pause of `queue`; answers the pause that was lifted, or null when it was not paused. */
  async resume(queue: string): Promise<QueuePause | null> {
    const [row] = await this.db.query<Record<string, unknown>>(
      `DELETE FROM queue_pauses WHERE queue = $1 RETURNING queue, paused_by, reason, paused_at`,
      [queue],
    );
    return row ? toPause(row) : null;
  }

  /** Whether `queue` is paused now: read by each batch a worker fetches, so it is one key lookup. */
  async isPaused(queue: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM queue_pauses WHERE queue = $1`, [queue], PREPARED);
    return rows.length > 0;
  }

  /** Every paused queue. */
  async list(): Promise<QueuePause[]> {
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT queue, paused_by, reason, paused_at FROM queue_pauses ORDER BY queue`,
    );
    return rows.map(toPause);
  }
}

function toPause(row: Record<string, unknown>): QueuePause {
  return {
    queue: row.queue as string,
    pausedBy: row.paused_by as string,
    reason: row.reason as string,
    pausedAt: new Date(row.paused_at as string),
  };
}
