import type { QueryOptions, SqlExecutor } from './sql-executor';

/**
 * The durable store of an app: PostgreSQL through a pool, or embedded PGlite. Also the Nest
 * injection token for it.
 */
export abstract class Database implements SqlExecutor {
  /** Runs `sql` outside any transaction and returns its rows. */
  abstract query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<T[]>;

  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  abstract transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;

  /** Releases the pool or shuts the embedded database down. */
  abstract close(): Promise<void>;
}
