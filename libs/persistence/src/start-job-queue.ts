import { Logger } from '@nestjs/common';
import { PgBoss, fromPglite, type ConstructorOptions } from 'pg-boss';
import type { Database } from './database';
import { PgliteDatabase } from './pglite.database';
import { PostgresDatabase } from './postgres.database';

/** How pg-boss runs next to an app's database. */
export interface JobQueueStartOptions {
  /** Schema for pg-boss's own tables; `pgboss` when unset. */
  schema?: string;
  /** Receives errors of pg-boss's background loops (maintenance, polling); logged when unset. */
  onError?: (error: Error) => void;
  /**
   * Seconds between pg-boss's supervision passes, which fail attempts past their expiry so they are
   * retried; 60 when unset. Keep it at or below the shortest attempt timeout, or a job held by a dead
   * replica waits up to this long past its timeout.
   */
  superviseIntervalS?: number;
  /**
   * How long jobs running when the app stops may take to finish; 10 s when unset. Those still running
   * then are failed, so another replica retries them.
   */
  stopTimeoutMs?: number;
  /**
   * Milliseconds between two reads of the app's paused queues (`queue_pauses`, from
   * `queuePauseMigrations`, which the app must include); no queue can be paused when unset.
   */
  pauseCheckMs?: number;
}

function connectionOf(db: Database): ConstructorOptions {
  // pg-boss gets its own pool on a server, so its polling and LISTEN never starve the app's pool.
  if (db instanceof PostgresDatabase) return { connectionString: db.connectionString, max: 4 };
  // pg-boss's PGlite adapter runs parameterless multi-statement text through exec() and returns
  // the rows of every statement (its locked BEGIN ... RETURNING ... COMMIT blocks need the middle
  // ones), and rolls back an aborted transaction so the one shared session is not poisoned.
  if (db instanceof PgliteDatabase) return { db: fromPglite(db.pglite), backend: 'pglite' };
  throw new Error('The job queue runs on a PostgresDatabase or a PgliteDatabase');
}

/** Installs or migrates pg-boss in the same database as the app's tables and starts it. */
export async function startJobQueue(db: Database, options: JobQueueStartOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    ...connectionOf(db),
    schema: options.schema ?? 'pgboss',
    ...(options.superviseIntervalS !== undefined && {
      superviseIntervalSeconds: options.superviseIntervalS,
      monitorIntervalSeconds: options.superviseIntervalS,
    }),
  });
  const logger = new Logger('JobQueue');
  boss.on('error', options.onError ?? ((error) => logger.error(error.message, error.stack)));
  await boss.start();
  return boss;
}
