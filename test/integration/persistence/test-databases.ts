import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openDatabase, type Database } from '@omnigate/persistence';

/** The PostgreSQL server of this machine; trust auth, database `test`. */
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type Backend = 'postgres' | 'pglite';

/** Both backends, for `describe.each`. */
export const BACKENDS: Backend[] = ['postgres', 'pglite'];

/** A schema name no other test uses. */
export function uniqueSchema(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** Opens `backend` with a fresh schema; on Postgres the same call with `databaseUrl` reopens it. */
export async function openTestDatabase(backend: Backend, schema: string): Promise<Database> {
  return openDatabase(backend === 'postgres' ? { databaseUrl: POSTGRES_URL, schema } : { schema });
}

/** Drops test schemas from the Postgres server (PGlite ones vanish with the instance). */
export async function dropSchemas(backend: Backend, ...schemas: string[]): Promise<void> {
  if (backend !== 'postgres') return;
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Resolves once `probe` returns true; fails after `timeoutMs`. */
export async function eventually(probe: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
