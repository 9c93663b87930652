import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateIf } from 'class-validator';
import { IsCallerKeyDigests, IsInternalServiceKey } from '@omnigate/auth';
import { BaseAppConfig, inProduction } from '@omnigate/config';

/** process-orders settings: its database, the system APIs it calls, and the pickup rules. */
export class ProcessOrdersConfig extends BaseAppConfig {
  override PORT: number = 3200;

  /**
   * PostgreSQL; when unset, embedded PGlite (in memory, or in PGLITE_DATA_DIR). Production needs a
   * server: PGlite is one replica's own database, and in memory it is lost with the process.
   */
  @ValidateIf((c: ProcessOrdersConfig) => c.DATABASE_URL !== undefined || inProduction(c))
  @Matches(/^postgres(ql)?:\/\/.+/, {
    message: ({ value }) =>
      value === undefined
        ? 'DATABASE_URL must be set when NODE_ENV=production: without it orders live in an embedded database of one replica'
        : 'DATABASE_URL must be a postgres:// URL',
  })
  DATABASE_URL?: string;

  @IsOptional() @IsString()
  PGLITE_DATA_DIR?: string;

  /** Schema for this app's tables and its job queue, so apps can share one database. */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/)
  DATABASE_SCHEMA: string = 'process_orders';

  /** Who may call: each internal caller and the SHA-256 digests of its keys (two during rotation). */
  @IsCallerKeyDigests()
  INTERNAL_CALLER_KEY_DIGESTS!: string;

  /** This app's own key for the system APIs; they know it as process-orders'. */
  @IsInternalServiceKey()
  INTERNAL_SERVICE_KEY!: string;

  @IsUrl({ require_tld: false }) SYSTEM_ERP_URL: string = 'http://127.0.0.1:3100';
  @IsUrl({ require_tld: false }) SYSTEM_POS_URL: string = 'http://127.0.0.1:3101';
  @IsUrl({ require_tld: false }) SYSTEM_LOYALTY_URL: string = 'http://127.0.0.1:3102';
  @IsUrl({ require_tld: false }) SYSTEM_OMS_URL: string = 'http://127.0.0.1:3103';

  @IsInt() @Min(100) @Max(60_000)
  SYSTEM_API_TIMEOUT_MS: number = 5_000;

  /** Largest answer read from a system API (and body sent to one), in bytes; a larger answer is a 502. */
  @IsInt() @Min(1_024) @Max(104_857_600)
  SYSTEM_API_MAX_BODY_BYTES: number = 2_097_152;

  /** How long a placed order holds its stock and points before it expires uncollected. */
  @IsInt() @Min(5) @Max(14 * 86_400)
  PICKUP_WINDOW_S: number = 3 * 86_400;

  /** A placement still unfinished after this long was interrupted, and is compensated. */
  @IsInt() @Min(5) @Max(3_600)
  PLACEMENT_RECOVERY_S: number = 60;

  /** Points accrued per whole currency unit paid at collection. */
  @IsInt() @Min(0) @Max(100)
  POINTS_PER_CURRENCY_UNIT: number = 1;

  /** Minor units one redeemed point is worth. */
  @IsInt() @Min(1) @Max(10_000)
  POINT_VALUE_MINOR: number = 1;

  /** ERP posting calls in flight at once, across every replica together (kept in PostgreSQL): the ERP's concurrency quota for us. */
  @IsInt() @Min(1) @Max(64)
  ERP_POSTING_CONCURRENCY: number = 4;

  /** ERP posting calls started per second, across every replica together; halved on a 429, then crept back. */
  @IsInt() @Min(1) @Max(1_000)
  ERP_POSTING_RATE_PER_S: number = 50;

  /**
   * Hours a posting is retried through outages before it is dead-lettered with its last reason.
   * Answers that say "not now" (breaker open, 429, maintenance) wait without using an attempt; only
   * the ERP's rejection of the document dead-letters sooner.
   */
  @IsInt() @Min(1) @Max(24 * 30)
  ERP_POSTING_RETRY_BUDGET_H: number = 72;

  @IsInt() @Min(1) @Max(3_600)
  ERP_POSTING_MAX_RETRY_DELAY_S: number = 30;

  /** Hours an Idempotency-Key and its answer are kept; at least 24. */
  @IsInt() @Min(24) @Max(24 * 30)
  IDEMPOTENCY_TTL_H: number = 24;

  /**
   * How long a request holds its Idempotency-Key. Past that (its replica died) a retry is answered
   * with the order the request committed, or runs afresh if it committed none; keep it above the
   * longest placement.
   */
  @IsInt() @Min(5) @Max(3_600)
  IDEMPOTENCY_LOCK_S: number = 60;

  /** Retries of a workflow job (OMS order, pick list, release, expiry...) after its first attempt, before it is dead-lettered. */
  @IsInt() @Min(0) @Max(100)
  JOB_RETRY_LIMIT: number = 10;

  /** Longest pause between two attempts of a workflow job; the pause doubles from one second up to this. */
  @IsInt() @Min(1) @Max(3_600)
  JOB_MAX_RETRY_DELAY_S: number = 30;

  /** A job attempt running longer than this counts as failed (its replica died) and is retried. */
  @IsInt() @Min(5) @Max(3_600)
  JOB_ATTEMPT_TIMEOUT_S: number = 60;
}
