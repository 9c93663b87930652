/**
 * Runs SQL on one connection or inside one transaction. Parameters use `$1`, `$2`, ...; without
 * parameters the text may hold several statements, and the rows of all of them come back in order.
 */
export interface SqlExecutor {
  /** Runs `sql` and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}
