import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Database, PREPARED } from '@omnigate/persistence';

/** The ERP's quota, for all posting workers of all replicas together. */
export interface QuotaLimits {
  /** Calls in flight at once, at most. */
  maxConcurrency: number;
  /** Calls started per second, at most. */
  maxRatePerS: number;
  /** A slot held longer than this is free again (its replica died holding it). */
  leaseS: number;
}

/** A held concurrency slot; give it back with {@link SharedErpQuota.release}. */
export interface QuotaLease {
  leaseId: string;
}

/** What the shared quota allows right now, for the operations API and the gauges. */
export interface QuotaState {
  inFlight: number;
  ratePerS: number;
  pausedForMs: number;
  /** The ERP answered "not now" or failed lately: replays wait, workers call no sooner than this. */
  erpUnavailableForMs: number;
  lastRefusal: string | null;
}

const BACKEND = 'erp';

/**
 * The ERP quota kept in PostgreSQL, so it holds for the sum of every replica's workers: a row per
 * backend, updated in one conditional statement per admitted call, spaces call starts `1 / rate`
 * apart and counts the calls in flight; each holds a lease that frees its slot if its replica dies. A 429 halves the shared
 * rate and pauses every replica for its Retry-After; each success gives one call per second back
 * (additive increase, multiplicative decrease). Times come from the database's clock, so replicas
 * with drifting clocks agree.
 */
export class SharedErpQuota {
  private turn: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly limits: QuotaLimits,
  ) {}

  /** Creates the quota row, or resets its rate to the configured one (a new configuration is deployed). */
  async ensure(): Promise<void> {
    await this.db.query(
      `INSERT INTO erp_quota (backend, rate_per_s) VALUES ($1, $2)
       ON CONFLICT (backend) DO UPDATE SET rate_per_s = LEAST(erp_quota.rate_per_s, EXCLUDED.rate_per_s)`,
      [BACKEND, this.limits.maxRatePerS],
    );
  }

  /** Waits for a start slot and a concurrency slot; undefined when none came within `maxWaitMs`. */
  async acquire(maxWaitMs: number): Promise<QuotaLease | undefined> {
    const deadline = Date.now() + maxWaitMs;
    // One caller per replica asks the database at a time, the others wait their turn here: every
    // worker polling the row would make each slot cost a lock round per worker.
    const before = this.turn;
    let done!: () => void;
    this.turn = new Promise<void>((resolve) => (done = resolve));
    try {
      await before;
      return await this.acquireShared(deadline);
    } finally {
      done();
    }
  }

  private async acquireShared(deadline: number): Promise<QuotaLease | undefined> {
    const leaseId = randomUUID();
    for (;;) {
      // One statement: the UPDATE re-checks its condition on the row as the last holder of its lock
      // left it, so two replicas never both take the last slot or the same start. Refused, it says
      // how long to wait, read as the statement began: at worst a little short, and asked again.
      const [row] = await this.db.query<{
        leased: string | number;
        wait_ms: string | number;
        in_flight: number;
      }>(
        `WITH admitted AS (
           UPDATE erp_quota SET in_flight = in_flight + 1,
             next_start_at = GREATEST(next_start_at, clock_timestamp()) + make_interval(secs => 1.0 / rate_per_s)
           WHERE backend = $2 AND in_flight < $4 AND GREATEST(next_start_at, paused_until) <= clock_timestamp()
           RETURNING backend
         ), leased AS (
           INSERT INTO erp_quota_leases (lease_id, backend, lease_until)
           SELECT $1, backend, clock_timestamp() + make_interval(secs => $3) FROM admitted RETURNING lease_id
         )
         SELECT (SELECT count(*) FROM leased) AS leased, in_flight,
           GREATEST(0, ceil(extract(epoch FROM GREATEST(next_start_at, paused_until) - clock_timestamp()) * 1000)) AS wait_ms
         FROM erp_quota WHERE backend = $2`,
        [leaseId, BACKEND, this.limits.leaseS, this.limits.maxConcurrency],
        PREPARED,
      );
      if (!row) throw new Error('The ERP quota row is missing; ensure() runs at start');
      if (Number(row.leased) === 1) return { leaseId };
      let waitMs = Number(row.wait_ms);
      if (waitMs === 0 && row.in_flight >= this.limits.maxConcurrency) {
        if (await this.reclaimExpiredLeases()) continue;
        waitMs = 20;
      }
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await sleep(Math.max(5, Math.min(waitMs, 250, left)));
    }
  }

  /** Frees the slots of leases that outlived their term (their replica died); each is freed once, by whoever deletes it. */
  private async reclaimExpiredLeases(): Promise<boolean> {
    const [row] = await this.db.query<{ freed: string | number }>(
      `WITH expired AS (DELETE FROM erp_quota_leases WHERE backend = $1 AND lease_until <= clock_timestamp() RETURNING lease_id),
            freed AS (UPDATE erp_quota SET in_flight = GREATEST(0, in_flight - (SELECT count(*) FROM expired))
                      WHERE backend = $1 AND EXISTS (SELECT 1 FROM expired) RETURNING in_flight)
       SELECT count(*) AS freed FROM expired`,
      [BACKEND],
    );
    return Number(row?.freed ?? 0) > 0;
  }

  /** Gives the slot back (unless it expired and was reclaimed); a success also gives rate back and marks the ERP available. */
  async release(lease: QuotaLease, succeeded: boolean): Promise<void> {
    await this.db.query(
      `WITH gone AS (DELETE FROM erp_quota_leases WHERE lease_id = $1 RETURNING lease_id)
       UPDATE erp_quota SET in_flight = GREATEST(0, in_flight - (SELECT count(*) FROM gone)),
         rate_per_s = CASE WHEN $3 THEN LEAST($2, rate_per_s + 1) ELSE rate_per_s END,
         unavailable_until = CASE WHEN $3 THEN LEAST(unavailable_until, clock_timestamp()) ELSE unavailable_until END
       WHERE backend = $4`,
      [lease.leaseId, this.limits.maxRatePerS, succeeded, BACKEND],
      PREPARED,
    );
  }

  /** The ERP refused for quota: every replica pauses for `retryAfterS`, and the shared rate halves. */
  async tighten(retryAfterS: number): Promise<void> {
    await this.db.query(
      `UPDATE erp_quota SET rate_per_s = GREATEST(1, rate_per_s / 2),
         paused_until = GREATEST(paused_until, clock_timestamp() + make_interval(secs => $2))
       WHERE backend = $1`,
      [BACKEND, retryAfterS],
    );
  }

  /** The ERP (or system-erp's breaker in front of it) refuses work for about `forS`: replays wait that long. */
  async markUnavailable(forS: number, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE erp_quota SET unavailable_until = GREATEST(unavailable_until, clock_timestamp() + make_interval(secs => $2)), last_refusal = $3
       WHERE backend = $1`,
      [BACKEND, forS, reason.slice(0, 300)],
    );
  }

  async state(): Promise<QuotaState> {
    const [row] = await this.db.query<{
      in_flight: string | number;
      rate_per_s: number;
      paused_ms: string | number;
      unavailable_ms: string | number;
      last_refusal: string | null;
    }>(
      `SELECT rate_per_s, last_refusal,
         GREATEST(0, ceil(extract(epoch FROM paused_until - clock_timestamp()) * 1000)) AS paused_ms,
         GREATEST(0, ceil(extract(epoch FROM unavailable_until - clock_timestamp()) * 1000)) AS unavailable_ms,
         in_flight
       FROM erp_quota WHERE backend = $1`,
      [BACKEND],
    );
    return {
      inFlight: Number(row?.in_flight ?? 0),
      ratePerS: Number(row?.rate_per_s ?? this.limits.maxRatePerS),
      pausedForMs: Number(row?.paused_ms ?? 0),
      erpUnavailableForMs: Number(row?.unavailable_ms ?? 0),
      lastRefusal: row?.last_refusal ?? null,
    };
  }
}
