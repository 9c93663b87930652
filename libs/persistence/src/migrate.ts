import type { Database } from './database';
import { PostgresDatabase } from './postgres.database';

/** One schema change, applied once and recorded under its `id`. */
export interface Migration {
  /** Stable and sortable, e.g. `2024-06-01-idempotency-keys`; never renamed once shipped. */
  id: string;
  /** The DDL; may hold several statements. */
  sql: string;
}

/**
 * Applies, in the order given, every migration not yet recorded in `schema_migrations`, all in one
 * transaction. Replicas starting together take turns on an advisory lock, so each runs once.
 */
export async function migrate(db: Database, migrations: readonly Migration[]): Promise<string[]> {
  const ids = migrations.map((m) => m.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new Error(`Migration id '${duplicate}' is listed twice`);

  return db.transaction(async (tx) => {
    // PGlite has a single connection, so nobody can race it; on a server the lock is per schema.
    if (db instanceof PostgresDatabase) {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.schema_migrations'))`);
    }
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await tx.query<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id),
    );
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      await tx.query(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
      applied.push(migration.id);
    }
    return applied;
  });
}
