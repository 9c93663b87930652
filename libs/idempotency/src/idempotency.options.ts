/** How long keys are remembered and held. */
export interface IdempotencyOptions {
  /** Hours a key and its answer are kept (`IDEMPOTENCY_TTL_H`); at least 24, 24 when unset. */
  ttlHours?: number;
  /**
   * Seconds a request holds its key; past that a retry is answered with what the request bound, or,
   * if it bound nothing, takes the key over as abandoned. 60 when unset.
   */
  lockTimeoutS?: number;
  /**
   * Milliseconds a retry waits for a request still running under its key to finish, before it is
   * answered 409 idempotency-key-in-flight; never past the retry's own deadline. 2000 when unset.
   */
  inFlightWaitMs?: number;
}

/** Nest token of the {@link IdempotencyOptions}. */
export const IDEMPOTENCY_OPTIONS = Symbol('IDEMPOTENCY_OPTIONS');

/** The shortest retention allowed: clients retry for a day, as Stripe's keys live at least 24 hours. */
export const MIN_IDEMPOTENCY_TTL_H = 24;
