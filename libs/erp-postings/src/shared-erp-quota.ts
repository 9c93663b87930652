import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@omnigate/persistence';

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

interface QuotaRow {
  wait_ms: string | number;
  rate_per_s: number;
}

const BACKEND = 'erp';

/**
 * The ERP quota kept in PostgreSQL, so it holds for the sum of every replica's workers: a row per
 * backend, locked (`FOR UPDATE`) while a call is admitted, spaces call starts `1 / rate` apart, and
 * counts leased concurrency slots; a lease expires if its replica dies. A 429 halves the shared
 * rate and pauses every replica for its Retry-After; each success gives one call per second back
 * (additive increase, multiplicative decrease). Times come from the database's clock, so replicas
 * with drifting clocks agree.
 */
export class SharedErpQuota {
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
    const leaseId = randomUUID();
    for (;;) {
      const waitMs = await this.db.transaction(async (tx) => {
        const [row] = await tx.query<QuotaRow>(
          `SELECT rate_per_s,
             GREATEST(0, ceil(extract(epoch FROM GREATEST(next_start_at, paused_until) - clock_timestamp()) * 1000)) AS wait_ms
           FROM erp_quota WHERE backend = $1 FOR UPDATE`,
          [BACKEND],
        );
        if (!row) throw new Error('The ERP quota row is missing; ensure() runs at start');
        if (Number(row.wait_ms) > 0) return Number(row.wait_ms);
        // Counted in a statement of its own, after the lock: a statement that waited for the lock
        // would count the leases as they were before the holder committed its own.
        const [{ in_flight }] = await tx.query<{ in_flight: string | number }>(
          `SELECT count(*) AS in_flight FROM erp_quota_leases WHERE backend = $1 AND lease_until > clock_timestamp()`,
          [BACKEND],
        );
        if (Number(in_flight) >= this.limits.maxConcurrency) return 20;
        await tx.query(`DELETE FROM erp_quota_leases WHERE backend = $1 AND lease_until <= clock_timestamp()`, [BACKEND]);
        await tx.query(
          `INSERT INTO erp_quota_leases (lease_id, backend, lease_until) VALUES ($1, $2, clock_timestamp() + make_interval(secs => $3))`,
          [leaseId, BACKEND, this.limits.leaseS],
        );
        await tx.query(
          `UPDATE erp_quota SET next_start_at = GREATEST(next_start_at, clock_timestamp()) + make_interval(secs => 1.0 / rate_per_s)
           WHERE backend = $1`,
          [BACKEND],
        );
        return 0;
      });
      if (waitMs === 0) return { leaseId };
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await sleep(Math.max(5, Math.min(waitMs, 250, left)));
    }
  }

  /** Gives the slot back; a success also gives rate back and marks the ERP available. */
  async release(lease: QuotaLease, succeeded: boolean): Promise<void> {
    await this.db.query(`DELETE FROM erp_quota_leases WHERE lease_id = $1`, [lease.leaseId]);
    if (succeeded) {
      await this.db.query(
        `UPDATE erp_quota SET rate_per_s = LEAST($2, rate_per_s + 1), unavailable_until = LEAST(unavailable_until, clock_timestamp())
         WHERE backend = $1 AND (rate_per_s < $2 OR unavailable_until > clock_timestamp())`,
        [BACKEND, this.limits.maxRatePerS],
      );
    }
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
         (SELECT count(*) FROM erp_quota_leases l WHERE l.backend = q.backend AND l.lease_until > clock_timestamp()) AS in_flight
       FROM erp_quota q WHERE backend = $1`,
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
