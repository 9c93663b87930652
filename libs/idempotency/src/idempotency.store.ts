import { Inject, Injectable, Optional } from '@nestjs/common';
import { Database } from '@omnigate/persistence';
import { IDEMPOTENCY_OPTIONS, MIN_IDEMPOTENCY_TTL_H, type IdempotencyOptions } from './idempotency.options';

/** A stored answer, replayed to a retry of the same request. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** What to do with a request that carries an idempotency key. */
export type BeginOutcome =
  | { kind: 'started' }
  | ({ kind: 'replay' } & StoredResponse)
  | { kind: 'in-flight' }
  | { kind: 'mismatch' };

interface KeyRow {
  request_fingerprint: string;
  state: 'in_flight' | 'completed';
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: unknown;
}

// Claims a free key, or one whose record expired, or one left in flight past its lock by a request
// that died. A live record is left alone, and then nothing is returned.
const CLAIM = `
  INSERT INTO idempotency_keys AS k (scope, key, request_fingerprint, state, created_at, locked_until, expires_at)
  VALUES ($1, $2, $3, 'in_flight', now(), now() + make_interval(secs => $4), now() + make_interval(hours => $5))
  ON CONFLICT (scope, key) DO UPDATE SET
    request_fingerprint = excluded.request_fingerprint, state = 'in_flight',
    response_status = NULL, response_headers = NULL, response_body = NULL,
    created_at = excluded.created_at, locked_until = excluded.locked_until, expires_at = excluded.expires_at
  WHERE k.expires_at <= now()
     OR (k.state = 'in_flight' AND k.locked_until <= now() AND k.request_fingerprint = excluded.request_fingerprint)
  RETURNING 1 AS claimed`;

const READ = `
  SELECT request_fingerprint, state, response_status, response_headers, response_body
  FROM idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at > now()`;

/** Idempotency records of write requests, keyed by client app (scope) and `Idempotency-Key`. */
@Injectable()
export class IdempotencyStore {
  private readonly ttlHours: number;
  private readonly lockTimeoutS: number;

  constructor(
    private readonly db: Database,
    @Optional() @Inject(IDEMPOTENCY_OPTIONS) options: IdempotencyOptions = {},
  ) {
    this.ttlHours = options.ttlHours ?? MIN_IDEMPOTENCY_TTL_H;
    this.lockTimeoutS = options.lockTimeoutS ?? 60;
    if (!Number.isInteger(this.ttlHours) || this.ttlHours < MIN_IDEMPOTENCY_TTL_H) {
      throw new RangeError(`Idempotency keys must be kept at least ${MIN_IDEMPOTENCY_TTL_H} hours (got ${this.ttlHours})`);
    }
    if (!(this.lockTimeoutS > 0)) throw new RangeError(`lockTimeoutS must be positive (got ${this.lockTimeoutS})`);
  }

  /** Claims `key` for a request with this fingerprint, or says why it may not run: replay, in flight, or reused. */
  async begin(scope: string, key: string, fingerprint: string): Promise<BeginOutcome> {
    // The record may vanish between claim and read (abandoned, or expired): then claiming again settles it.
    for (let attempt = 0; attempt < 3; attempt++) {
      const claimed = await this.db.query(CLAIM, [scope, key, fingerprint, this.lockTimeoutS, this.ttlHours]);
      if (claimed.length === 1) return { kind: 'started' };
      const [row] = await this.db.query<KeyRow>(READ, [scope, key]);
      if (row) return outcomeOf(row, fingerprint);
    }
    throw new Error(`Idempotency key ${scope}/${key} keeps changing hands`);
  }

  /** Stores the answer of the request holding `key`, to be replayed for the life of the key. */
  async complete(scope: string, key: string, status: number, headers: Record<string, string>, body: unknown): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys
       SET state = 'completed', response_status = $3, response_headers = $4::text::jsonb,
           response_body = $5::text::jsonb, locked_until = NULL
       WHERE scope = $1 AND key = $2 AND state = 'in_flight'`,
      [scope, key, status, JSON.stringify(headers), body === undefined ? null : JSON.stringify(body)],
    );
  }

  /** Forgets a request that failed on our side (5xx), so its retry runs afresh. */
  async abandon(scope: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'in_flight'`, [scope, key]);
  }

  /** Deletes expired records; returns how many. */
  async purgeExpired(): Promise<number> {
    return (await this.db.query('DELETE FROM idempotency_keys WHERE expires_at <= now() RETURNING 1')).length;
  }
}

function outcomeOf(row: KeyRow, fingerprint: string): BeginOutcome {
  if (row.request_fingerprint !== fingerprint) return { kind: 'mismatch' };
  if (row.state === 'in_flight') return { kind: 'in-flight' };
  return { kind: 'replay', status: row.response_status ?? 200, headers: row.response_headers ?? {}, body: row.response_body };
}
