import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { remainingBudgetMs } from '@omnigate/observability';
import { Database, PREPARED } from '@omnigate/persistence';
import type { IdempotencyClaim, IdempotentResource } from './idempotency-claim';
import { IdempotencyKeyInFlight } from './idempotency.errors';
import { IDEMPOTENCY_OPTIONS, MIN_IDEMPOTENCY_TTL_H, type IdempotencyOptions } from './idempotency.options';

/** A stored answer, replayed to a retry of the same request. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** What to do with a request that carries an idempotency key. */
export type BeginOutcome =
  | { kind: 'started'; claim: IdempotencyClaim }
  | ({ kind: 'replay' } & StoredResponse)
  /**
   * The first request committed its outcome, then died or failed before recording its answer; or
   * it still runs past what a retry may wait (`stillRunning`), its outcome committed all the same.
   */
  | { kind: 'bound'; resource: IdempotentResource; stillRunning?: true }
  /** The first request still runs; `resource` once it has committed its outcome. */
  | { kind: 'in-flight'; resource?: IdempotentResource }
  | { kind: 'mismatch' };

interface KeyRow {
  request_fingerprint: string;
  state: 'in_flight' | 'completed';
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: unknown;
  resource_type: string | null;
  resource_id: string | null;
  resource_receipt: Record<string, string> | string | null;
  lock_lapsed: boolean;
}

// Claims a free key, or one whose record expired, or one left in flight past its lock by a request
// that died before committing anything. A live record, or one bound to what its request committed,
// is left alone, and then nothing is returned. Each claim gets a new holder, so a request whose key
// was taken over can no longer bind, complete or release it.
const CLAIM = `
  INSERT INTO idempotency_keys AS k (scope, key, request_fingerprint, state, holder, created_at, locked_until, expires_at)
  VALUES ($1, $2, $3, 'in_flight', $6, now(), now() + make_interval(secs => $4), now() + make_interval(hours => $5))
  ON CONFLICT (scope, key) DO UPDATE SET
    request_fingerprint = excluded.request_fingerprint, state = 'in_flight', holder = excluded.holder,
    resource_type = NULL, resource_id = NULL, resource_receipt = NULL, response_status = NULL, response_headers = NULL, response_body = NULL,
    created_at = excluded.created_at, locked_until = excluded.locked_until, expires_at = excluded.expires_at
  WHERE k.expires_at <= now()
     OR (k.state = 'in_flight' AND k.locked_until <= now() AND k.resource_id IS NULL
         AND k.request_fingerprint = excluded.request_fingerprint)
  RETURNING 1 AS claimed`;

const READ = `
  SELECT request_fingerprint, state, response_status, response_headers, response_body, resource_type, resource_id, resource_receipt,
         coalesce(locked_until <= now(), false) AS lock_lapsed
  FROM idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at > now()`;

// Every write on a claimed record names its holder: it matches nothing once a retry took the key over.
const HELD = `scope = $1 AND key = $2 AND holder = $3 AND state = 'in_flight'`;

/** How often a retry looks again whether the request it waits for has finished. */
const IN_FLIGHT_POLL_MS = 50;

/** Time kept back from a retry's deadline for answering it. */
const ANSWER_MARGIN_MS = 100;

/** Idempotency records of write requests, keyed by client app (scope) and `Idempotency-Key`. */
@Injectable()
export class IdempotencyStore {
  private readonly ttlHours: number;
  private readonly lockTimeoutS: number;
  private readonly inFlightWaitMs: number;

  constructor(
    private readonly db: Database,
    @Optional() @Inject(IDEMPOTENCY_OPTIONS) options: IdempotencyOptions = {},
  ) {
    this.ttlHours = options.ttlHours ?? MIN_IDEMPOTENCY_TTL_H;
    this.lockTimeoutS = options.lockTimeoutS ?? 60;
    this.inFlightWaitMs = options.inFlightWaitMs ?? 2_000;
    if (!Number.isInteger(this.ttlHours) || this.ttlHours < MIN_IDEMPOTENCY_TTL_H) {
      throw new RangeError(
        `Idempotency keys must be kept at least ${MIN_IDEMPOTENCY_TTL_H} hours (got ${this.ttlHours})`,
      );
    }
    if (!(this.lockTimeoutS > 0))
      throw new RangeError(`lockTimeoutS must be positive (got ${this.lockTimeoutS})`);
  }

  /**
   * Claims `key` for a request with this fingerprint, or says why it may not run: replay, bound, in
   * flight, or reused. A retry arriving while the first request still runs (a client that timed out
   * and tried again) waits a little for its outcome instead of being refused at once; if the first
   * has committed its outcome by then, the retry is answered with it as it stands (it goes on), so
   * a caller that timed out is never left guessing whether its order exists.
   */
  async begin(scope: string, key: string, fingerprint: string): Promise<BeginOutcome> {
    const waitUntil =
      Date.now() + Math.min(this.inFlightWaitMs, (remainingBudgetMs() ?? Infinity) - ANSWER_MARGIN_MS);
    for (;;) {
      const outcome = await this.claimOrRead(scope, key, fingerprint);
      if (outcome.kind !== 'in-flight') return outcome;
      if (Date.now() + IN_FLIGHT_POLL_MS > waitUntil)
        return outcome.resource ? { kind: 'bound', resource: outcome.resource, stillRunning: true } : outcome;
      await sleep(IN_FLIGHT_POLL_MS);
    }
  }

  private async claimOrRead(scope: string, key: string, fingerprint: string): Promise<BeginOutcome> {
    // The record may vanish between claim and read (abandoned, or expired): then claiming again settles it.
    for (let attempt = 0; attempt < 3; attempt++) {
      const holder = randomUUID();
      const claimed = await this.db.query(
        CLAIM,
        [scope, key, fingerprint, this.lockTimeoutS, this.ttlHours, holder],
        PREPARED,
      );
      if (claimed.length === 1) return { kind: 'started', claim: this.claimOf(scope, key, holder) };
      const [row] = await this.db.query<KeyRow>(READ, [scope, key], PREPARED);
      if (row) return outcomeOf(row, fingerprint);
    }
    throw new Error(`Idempotency key ${scope}/${key} keeps changing hands`);
  }

  /** Stores the answer of the request holding the key, to be replayed for the life of the key. */
  async complete(
    claim: IdempotencyClaim,
    status: number,
    headers: Record<string, string>,
    body: unknown,
  ): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys
       SET state = 'completed', response_status = $4, response_headers = $5::text::jsonb,
           response_body = $6::text::jsonb, locked_until = NULL
       WHERE ${HELD}`,
      [
        claim.scope,
        claim.key,
        claim.holder,
        status,
        JSON.stringify(headers),
        body === undefined ? null : JSON.stringify(body),
      ],
      PREPARED,
    );
  }

  /**
   * Gives up the key after a failure on our side (5xx) or a request refused for its shape (400). A request that committed nothing is
   * forgotten, so its retry runs afresh; one that bound its outcome keeps the binding and drops its
   * lock, so its retry is answered with that outcome at once.
   */
  async abandon(claim: IdempotencyClaim): Promise<void> {
    const params = [claim.scope, claim.key, claim.holder];
    await this.db.query(`DELETE FROM idempotency_keys WHERE ${HELD} AND resource_id IS NULL`, params);
    await this.db.query(
      `UPDATE idempotency_keys SET locked_until = now() WHERE ${HELD} AND resource_id IS NOT NULL`,
      params,
    );
  }

  /** Deletes expired records; returns how many. */
  async purgeExpired(): Promise<number> {
    return (await this.db.query('DELETE FROM idempotency_keys WHERE expires_at <= now() RETURNING 1')).length;
  }

  private claimOf(scope: string, key: string, holder: string): IdempotencyClaim {
    return {
      scope,
      key,
      holder,
      bind: async (tx, resource) => {
        const receipt = resource.receipt === undefined ? null : JSON.stringify(resource.receipt);
        const params = [scope, key, holder, resource.type, resource.id, receipt];
        const bound = await tx.query(
          `UPDATE idempotency_keys SET resource_type = $4, resource_id = $5, resource_receipt = $6::text::jsonb WHERE ${HELD} RETURNING 1`,
          params,
          PREPARED,
        );
        // A retry took the key over after our lock lapsed: it runs the write, so this attempt must commit nothing.
        if (bound.length === 0) throw new IdempotencyKeyInFlight();
      },
      unbind: async (tx) => {
        await tx.query(
          `UPDATE idempotency_keys SET resource_type = NULL, resource_id = NULL, resource_receipt = NULL WHERE ${HELD}`,
          [scope, key, holder],
        );
      },
    };
  }
}

function outcomeOf(row: KeyRow, fingerprint: string): BeginOutcome {
  if (row.request_fingerprint !== fingerprint) return { kind: 'mismatch' };
  if (row.state === 'completed') {
    return {
      kind: 'replay',
      status: row.response_status ?? 200,
      headers: row.response_headers ?? {},
      body: row.response_body,
    };
  }
  if (row.resource_id === null) return { kind: 'in-flight' };
  const receipt =
    typeof row.resource_receipt === 'string'
      ? (JSON.parse(row.resource_receipt) as Record<string, string>)
      : row.resource_receipt;
  const resource = { type: row.resource_type!, id: row.resource_id, ...(receipt ? { receipt } : {}) };
  return row.lock_lapsed ? { kind: 'bound', resource } : { kind: 'in-flight', resource };
}
