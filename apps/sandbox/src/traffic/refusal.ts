/** Why the sandbox answered a call itself instead of running the backend's logic. */
export type RefusalReason =
  'maintenance' | 'forced-429' | 'concurrency-quota' | 'window-quota' | 'outage' | 'injected-error';

/** A fault answer decided before the business logic runs; it changes no state. */
export interface Refusal {
  status: 429 | 500 | 503;
  reason: RefusalReason;
  retryAfterS?: number;
}
