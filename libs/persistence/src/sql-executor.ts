/**
 * Runs SQL on one connection or inside one transaction. Parameters use `$1`, `$2`, ...; without
 * parameters the text may hold several statements, and the rows of all of them come back in order.
 */
export interface SqlExecutor {
  /** Runs `sql` and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<T[]>;
}

/** How one statement runs. */
export interface QueryOptions {
  /**
   * Prepares the statement once per connection (PostgreSQL) and then only binds and runs it,
   * skipping its parse and plan. For hot statements whose result columns are named: a prepared
   * `SELECT *` or `RETURNING *` fails on every connection once a migration adds a column ("cached
   * plan must not change result type"), as in a rolling upgrade. PGlite runs it as usual.
   */
  prepared?: boolean;
}

/** The options of a hot statement whose result columns are named: run it prepared. */
export const PREPARED: QueryOptions = Object.freeze({ prepared: true });

/**
 * Waits for independent statements of one transaction that were sent without waiting for each
 * other: on PostgreSQL they leave in one write and run in the order given (see
 * `PostgresDatabase`), on PGlite in turn. Every one is waited for before the first failure is
 * thrown, so the transaction never ends while one of its statements is still on its way.
 */
export async function together(statements: readonly (Promise<unknown> | undefined)[]): Promise<void> {
  const settled = await Promise.allSettled(statements);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}
