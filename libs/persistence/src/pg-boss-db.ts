import type { Db } from 'pg-boss';
import type { SqlExecutor } from './sql-executor';

/** Lets pg-boss write through `executor`, so what it sends commits or rolls back with the caller's transaction. */
export function pgBossDbOf(executor: SqlExecutor): Db {
  return { executeSql: async (text, values) => ({ rows: await executor.query(text, values) }) };
}
