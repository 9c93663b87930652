import { PGlite } from '@electric-sql/pglite';
import type { Database } from './database';
import { PgliteDatabase } from './pglite.database';
import { PostgresDatabase } from './postgres.database';

/** Where the database lives; with no `databaseUrl` it is embedded PGlite. */
export interface DatabaseOptions {
  /** `postgres://` URL of a PostgreSQL server (`DATABASE_URL`). */
  databaseUrl?: string;
  /** Directory PGlite keeps its files in (`PGLITE_DATA_DIR`); in memory when unset. */
  pgliteDataDir?: string;
  /** Schema to create if missing and search first; `public` when unset. */
  schema?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function quotedSchema(schema: string): string {
  // Interpolated into DDL and the connection options, so only plain identifiers are accepted.
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Schema name '${schema}' must match ${SCHEMA_NAME}`);
  return `"${schema}"`;
}

/** Opens PostgreSQL when a URL is given, else PGlite, with `schema` created and first on the search path. */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const schema = options.schema ? quotedSchema(options.schema) : undefined;
  if (options.databaseUrl) {
    const db = new PostgresDatabase(options.databaseUrl, options.schema);
    if (schema) {
      await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch(async (error: { code?: string }) => {
        // Two replicas creating the schema at once: the loser sees a duplicate, and the schema exists.
        if (error.code === '23505' || error.code === '42P06') return;
        await db.close();
        throw error;
      });
    }
    return db;
  }
  const pglite = await PGlite.create(options.pgliteDataDir);
  const db = new PgliteDatabase(pglite);
  // One session for the life of the instance, so setting the search path once covers every later statement.
  if (schema) await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}`);
  return db;
}
