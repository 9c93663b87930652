import type { Db } from 'pg-boss';
import type { QueryOptions, SqlExecutor } from './sql-executor';

/**
 * Lets pg-boss write through `executor`, so what it sends commits or rolls back with the caller's
 * transaction. `prepared` for a statement whose result columns pg-boss names (its job insert
 * returns `id`), see {@link QueryOptions.prepared}.
 */
export function pgBossDbOf(executor: SqlExecutor, options: QueryOptions = {}): Db {
  return { executeSql: async (text, values) => ({ rows: await executor.query(text, values, options) }) };
}
