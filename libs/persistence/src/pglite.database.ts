import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { Database } from './database';
import type { SqlExecutor } from './sql-executor';

type PgliteSession = Pick<PGlite | Transaction, 'query' | 'exec'>;

async function run<T>(session: PgliteSession, sql: string, params?: unknown[]): Promise<T[]> {
  if (params?.length) return (await session.query<T>(sql, params)).rows;
  // PGlite's query() speaks the extended protocol (one statement); exec() takes a script and answers per statement.
  return (await session.exec(sql)).flatMap((result) => result.rows as T[]);
}

/**
 * Embedded PostgreSQL (PGlite): one connection, so every call and transaction takes turns. PGlite
 * queues a call behind a running transaction; calling the database instead of `tx` from inside
 * that transaction would wait for itself, so it is refused.
 */
export class PgliteDatabase extends Database {
  private readonly inTransaction = new AsyncLocalStorage<true>();

  constructor(readonly pglite: PGlite) {
    super();
  }

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    this.refuseInsideTransaction();
    return run<T>(this.pglite, sql, params);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.refuseInsideTransaction();
    return this.pglite.transaction((tx) =>
      this.inTransaction.run(true, () =>
        fn({ query: <R>(sql: string, params?: unknown[]) => run<R>(tx, sql, params) }),
      ),
    );
  }

  async close(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }

  private refuseInsideTransaction(): void {
    if (this.inTransaction.getStore()) {
      throw new Error(
        'PGlite has one connection: inside a transaction, run SQL through its tx, not the database',
      );
    }
  }
}
