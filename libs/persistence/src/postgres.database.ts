import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { Pool, type PoolClient, type QueryConfig, type QueryResult } from 'pg';
import { Database } from './database';
import type { QueryOptions, SqlExecutor } from './sql-executor';

/** Distinct statement texts prepared per connection; texts beyond it (generated shapes) run unprepared. */
const MAX_PREPARED_STATEMENTS = 2_000;

function rowsOf<T>(result: QueryResult | QueryResult[]): T[] {
  // Without parameters pg uses the simple protocol, which answers a multi-statement text with one result per statement.
  return (Array.isArray(result) ? result.flatMap((r) => r.rows) : result.rows) as T[];
}

/**
 * Names each statement text run with `prepared` once, so every connection parses and plans it once
 * and then only binds and executes it. Profiled under the pickup-order bench, planning was most of
 * the server's CPU for pg-boss's job insert (a 17-index table fed from a JSON recordset): about
 * 0.5 ms of each send. Only parameterized statements: PostgreSQL prepares one statement at a time.
 */
class PreparedStatements {
  private readonly names = new Map<string, string>();

  config(text: string, params?: unknown[], options?: QueryOptions): QueryConfig | string {
    if (!params?.length) return text;
    if (!options?.prepared) return { text, values: params };
    let name = this.names.get(text);
    if (name === undefined) {
      if (this.names.size >= MAX_PREPARED_STATEMENTS) return { text, values: params };
      name = `og_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;
      this.names.set(text, name);
    }
    return { name, text, values: params };
  }
}

/**
 * Holds what the client writes until the current tick has run, so statements given to it together
 * leave in one write: pg corks its socket per statement only, and sends a parameterless statement
 * (a transaction's BEGIN) at once on its own. Each write costs a syscall on this side and a
 * wake-up on the server's: a transaction's BEGIN and first statement, or the independent
 * statements {@link together} waits for, cost one of each. A transaction's work runs in promise
 * callbacks (after the pool hands it a connection), and the tick queue waits for all of them, so a
 * statement sent after an await (pg-boss looks its queue up before its insert) goes in that write too.
 */
function writeTogetherThisTick(client: PoolClient): void {
  // pg keeps its socket on the client's connection; the Client type does not declare it.
  const socket = (client as unknown as { connection?: { stream?: Partial<Writable> } }).connection?.stream;
  if (!socket?.cork || !socket.uncork) return;
  socket.cork();
  process.nextTick(() => socket.uncork!());
}

function executorOn(client: PoolClient, statements: PreparedStatements): SqlExecutor {
  return {
    query: async <T>(sql: string, params?: unknown[], options?: QueryOptions) => {
      writeTogetherThisTick(client);
      return rowsOf<T>(await client.query(statements.config(sql, params, options)));
    },
  };
}

/** A PostgreSQL server reached through a `pg` pool. */
export class PostgresDatabase extends Database {
  private readonly pool: Pool;
  private readonly statements = new PreparedStatements();

  constructor(
    /** Where pg-boss connects too, so it keeps its own pool and LISTEN connection. */
    readonly connectionString: string,
    /** Schema every connection searches first; pg-boss tables live in a schema of their own. */
    readonly schema?: string,
  ) {
    super();
    this.pool = new Pool({
      connectionString,
      options: schema ? `-c search_path=${schema}` : undefined,
      // A connection sends a statement without waiting for the answers before it: a transaction's
      // BEGIN goes out with its first statement (in one write, see writeTogetherThisTick) instead
      // of a round trip ahead of it.
      pipeline: true,
    });
    // An idle client that loses its server emits here; unheard it would crash the process, and the pool replaces it anyway.
    this.pool.on('error', () => undefined);
  }

  async query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<T[]> {
    return rowsOf<T>(await this.pool.query(this.statements.config(sql, params, options)));
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      writeTogetherThisTick(client);
      const begun = client.query('BEGIN');
      // Its failure (a lost connection) fails the statements behind it too; it is awaited below.
      begun.catch(() => undefined);
      const result = await fn(executorOn(client, this.statements));
      await begun;
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
