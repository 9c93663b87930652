import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateIf } from 'class-validator';
import { IsCallerKeyDigests, IsInternalServiceKey } from '@omnigate/auth';
import { BaseAppConfig, inProduction } from '@omnigate/config';
import { DEFAULT_CALLER_RATE_LIMITS, IsCallerBurst, IsCallerRatePerS } from '@omnigate/rate-limit';

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

  @IsOptional()
  @IsString()
  PGLITE_DATA_DIR?: string;

  /** Schema for this app's tables and its job queue, so apps can share one database. */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/)
  DATABASE_SCHEMA: string = 'process_orders';

  /** Who may call: each internal caller and the SHA-256 digests of its keys (two during rotation). */
  @IsCallerKeyDigests()
  INTERNAL_CALLER_KEY_DIGESTS!: string;

  /** Requests per second one calling app may send to this API, sustained over a minute; past it 429 rate-limited. */
  @IsCallerRatePerS()
  INTERNAL_RATE_LIMIT_PER_S: number = DEFAULT_CALLER_RATE_LIMITS.perS;

  /** Requests one calling app may send to this API within one second; at least INTERNAL_RATE_LIMIT_PER_S. */
  @IsCallerBurst()
  INTERNAL_RATE_LIMIT_BURST: number = DEFAULT_CALLER_RATE_LIMITS.burst;

  /** This app's own key for the system APIs; they know it as process-orders'. */
  @IsInternalServiceKey()
  INTERNAL_SERVICE_KEY!: string;

  @IsUrl({ require_tld: false }) SYSTEM_ERP_URL: string = 'http://127.0.0.1:3100';
  @IsUrl({ require_tld: false }) SYSTEM_POS_URL: string = 'http://127.0.0.1:3101';
  @IsUrl({ require_tld: false }) SYSTEM_LOYALTY_URL: string = 'http://127.0.0.1:3102';
  @IsUrl({ require_tld: false }) SYSTEM_OMS_URL: string = 'http://127.0.0.1:3103';

  @IsInt()
  @Min(100)
  @Max(60_000)
  SYSTEM_API_TIMEOUT_MS: number = 5_000;

  /** Largest answer read from a system API (and body sent to one), in bytes; a larger answer is a 502. */
  @IsInt()
  @Min(1_024)
  @Max(104_857_600)
  SYSTEM_API_MAX_BODY_BYTES: number = 2_097_152;

  /** How long a placed order holds its stock and points before it expires uncollected. */
  @IsInt()
  @Min(5)
  @Max(14 * 86_400)
  PICKUP_WINDOW_S: number = 3 * 86_400;

  /** A placement still unfinished after this long was interrupted, and is compensated. */
  @IsInt()
  @Min(5)
  @Max(3_600)
  PLACEMENT_RECOVERY_S: number = 60;

  /** Points accrued per whole currency unit paid at collection. */
  @IsInt()
  @Min(0)
  @Max(100)
  POINTS_PER_CURRENCY_UNIT: number = 1;

  /** Minor units one redeemed point is worth. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  POINT_VALUE_MINOR: number = 1;

  /** ERP posting calls in flight at once, across every replica together (kept in PostgreSQL): the ERP's concurrency quota for us. */
  @IsInt()
  @Min(1)
  @Max(64)
  ERP_POSTING_CONCURRENCY: number = 4;

  /** ERP posting calls started per second, across every replica together; halved on a 429, then crept back. */
  @IsInt()
  @Min(1)
  @Max(1_000)
  ERP_POSTING_RATE_PER_S: number = 50;

  /**
   * Hours a posting is retried through outages before it is dead-lettered with its last reason.
   * Answers that say "not now" (breaker open, 429, maintenance) wait without using an attempt; only
   * the ERP's rejection of the document dead-letters sooner.
   */
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  ERP_POSTING_RETRY_BUDGET_H: number = 72;

  @IsInt()
  @Min(1)
  @Max(3_600)
  ERP_POSTING_MAX_RETRY_DELAY_S: number = 30;

  /** Hours an Idempotency-Key and its answer are kept; at least 24. */
  @IsInt()
  @Min(24)
  @Max(24 * 30)
  IDEMPOTENCY_TTL_H: number = 24;

  /**
   * How long a request holds its Idempotency-Key. Past that (its replica died) a retry is answered
   * with the order the request committed, or runs afresh if it committed none; keep it above the
   * longest placement.
   */
  @IsInt()
  @Min(5)
  @Max(3_600)
  IDEMPOTENCY_LOCK_S: number = 60;

  /** How long a retry waits for a request still running under its Idempotency-Key (never past its deadline) before it is answered 202 with what that request committed, or 409 when nothing yet. */
  @IsInt()
  @Min(0)
  @Max(30_000)
  IDEMPOTENCY_IN_FLIGHT_WAIT_MS: number = 2_000;

  /**
   * Placements this replica runs at once; more wait in a short queue. Each one is a few database
   * transactions and backend calls: more at once only lengthen every one (PGlite runs one statement
   * at a time), until answers miss the channel's deadline. Measured with 50 channel connections on
   * two cores: 64 at once left 166 of 2,000 channels without an answer in time on PGlite, 12
   * answered every one, and faster.
   */
  @IsInt()
  @Min(1)
  @Max(10_000)
  PLACEMENT_MAX_IN_FLIGHT: number = 16;

  /** Placements waiting for a free run; one more is answered 503 process-overloaded with Retry-After at once. */
  @IsInt()
  @Min(0)
  @Max(10_000)
  PLACEMENT_MAX_QUEUED: number = 64;

  /** A placement whose caller has less time left than this holds nothing and is answered 503 (the backends could not answer in time). */
  @IsInt()
  @Min(0)
  @Max(60_000)
  PLACEMENT_MIN_BUDGET_MS: number = 300;

  /**
   * A till redemption (a points hold) or a return whose caller has less time left than this starts
   * nothing and is answered 503 process-overloaded: it would be told "failed" while it stood.
   */
  @IsInt()
  @Min(0)
  @Max(60_000)
  WRITE_MIN_BUDGET_MS: number = 300;

  /**
   * Answer 202 (placement goes on) this long before the caller's deadline, so the answer reaches it
   * in time even from a busy replica whose timers run late (embedded PGlite blocks the event loop
   * while it queries); an order not yet committed by then is rolled back and the caller gets 503.
   */
  @IsInt()
  @Min(10)
  @Max(10_000)
  PLACEMENT_ANSWER_MARGIN_MS: number = 1_000;

  /** Retries of a workflow job (OMS order, pick list, release, expiry...) after its first attempt, before it is dead-lettered. */
  @IsInt()
  @Min(0)
  @Max(100)
  JOB_RETRY_LIMIT: number = 10;

  /** Longest pause between two attempts of a workflow job; the pause doubles from one second up to this. */
  @IsInt()
  @Min(1)
  @Max(3_600)
  JOB_MAX_RETRY_DELAY_S: number = 30;

  /** A job attempt running longer than this counts as failed (its replica died) and is retried. */
  @IsInt()
  @Min(5)
  @Max(3_600)
  JOB_ATTEMPT_TIMEOUT_S: number = 60;

  /**
   * How often each replica re-reads the paused queues: a pause or resume made through any replica
   * reaches every other one within this long.
   */
  @IsInt()
  @Min(100)
  @Max(60_000)
  QUEUE_PAUSE_CHECK_MS: number = 1_000;

  /** How long after a store sale its goods may be returned; 0 takes no returns of store sales. */
  @IsInt()
  @Min(0)
  @Max(366 * 86_400)
  RETURN_WINDOW_STORE_SALE_S: number = 30 * 86_400;

  /** How long after collection a pickup order's goods may be returned at a store; 0 takes none. */
  @IsInt()
  @Min(0)
  @Max(366 * 86_400)
  RETURN_WINDOW_PICKUP_ORDER_S: number = 30 * 86_400;

  /** Where a purchase may be returned: at any store, or only at the store it was bought (or collected) at. */
  @IsIn(['ANY_STORE', 'ORIGINAL_STORE'])
  RETURN_STORE_POLICY: 'ANY_STORE' | 'ORIGINAL_STORE' = 'ANY_STORE';

  /** How long a till redemption holds a member's points before it expires uncaptured and the points go back. */
  @IsInt()
  @Min(2)
  @Max(86_400)
  TILL_REDEMPTION_HOLD_S: number = 900;

  /** The currency redeemed points are valued in (POINT_VALUE_MINOR minor units each) on the ERP's points liability. */
  @Matches(/^[A-Z]{3}$/)
  LOYALTY_POINTS_CURRENCY: string = 'USD';

  /** How accepted store sales reach the ERP: one SALE document per sale, or one summarized SALE journal per store, business date and currency. */
  @IsIn(['per-sale', 'daily-journal'])
  SALES_POSTING_MODE: 'per-sale' | 'daily-journal' = 'per-sale';

  /**
   * daily-journal mode: the time of day, in UTC, at which the journal of a business date closes and
   * posts, on the day after that business date (HH:MM or HH:MM:SS; 02:00 closes 2026-11-23's on 2026-11-24 at 02:00 UTC).
   */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/)
  SALES_JOURNAL_CLOSE_AT: string = '02:00';

  /** daily-journal mode: a sale arriving after its date's journal closed opens a follow-up journal, which closes this long after it opened. */
  @IsInt()
  @Min(1)
  @Max(86_400)
  SALES_JOURNAL_FOLLOW_UP_S: number = 900;

  /**
   * When the daily reconciliation runs: a cron expression read in UTC (minute hour day month weekday).
   * Each run reconciles the previous UTC day for every store with flows that day and keeps the
   * reports; `off` runs none (reports are still run on demand).
   */
  @Matches(/^(off|\S+ \S+ \S+ \S+ \S+)$/)
  RECONCILIATION_CRON: string = '30 4 * * *';
}
