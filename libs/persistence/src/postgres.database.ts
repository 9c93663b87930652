import { Pool, type PoolClient, type QueryResult } from 'pg';
import { Database } from './database';
import type { SqlExecutor } from './sql-executor';

function rowsOf<T>(result: QueryResult | QueryResult[]): T[] {
  // Without parameters pg uses the simple protocol, which answers a multi-statement text with one result per statement.
  return (Array.isArray(result) ? result.flatMap((r) => r.rows) : result.rows) as T[];
}

function executorOn(client: PoolClient): SqlExecutor {
  return {
    query: async <T>(sql: string, params?: unknown[]) =>
      rowsOf<T>(await client.query(sql, params?.length ? params : undefined)),
  };
}

/** A PostgreSQL server reached through a `pg` pool. */
export class PostgresDatabase extends Database {
  private readonly pool: Pool;

  constructor(
    /** Where pg-boss connects too, so it keeps its own pool and LISTEN connection. */
    readonly connectionString: string,
    /** Schema every connection searches first; pg-boss tables live in a schema of their own. */
    readonly schema?: string,
  ) {
    super();
    this.pool = new Pool({ connectionString, options: schema ? `-c search_path=${schema}` : undefined });
    // An idle client that loses its server emits here; unheard it would crash the process, and the pool replaces it anyway.
    this.pool.on('error', () => undefined);
  }

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    return rowsOf<T>(await this.pool.query(sql, params?.length ? params : undefined));
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(executorOn(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      // A client whose ROLLBACK failed may still be inside the transaction; it is destroyed, not reused.
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
