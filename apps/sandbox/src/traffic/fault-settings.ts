import type { BackendName } from './backend-name';

/** A backend's quota; 0 switches a limit off. */
export interface QuotaSettings {
  maxConcurrent: number;
  perWindow: number;
  windowMs: number;
}

/** How a simulated backend misbehaves right now; changed at run time through `PUT /_admin/faults/{backend}`. */
export interface FaultSettings {
  latencyMs: number;
  jitterMs: number;
  /** Share of admitted calls (0..1) answered 500 before any business logic runs. */
  errorRate: number;
  outage: boolean;
  maintenance: boolean;
  maintenanceRetryAfterS: number;
  quota: QuotaSettings;
  /** The next N calls are answered 429; counts down as they arrive. */
  force429: number;
  force429RetryAfterS: number;
  /** Lifetime of an ERP CSRF token; only the ERP reads it. */
  csrfTtlMs: number;
  /** The next N writes the backend commits lose their answer; counts down as they commit. */
  lostReplies: number;
  /** How an answer is lost: the connection dropped unanswered, or the answer sent after lostReplyDelayMs. */
  lostReplyMode: LostReplyMode;
  lostReplyDelayMs: number;
  /** ERP only: the next N retail documents are rejected as invalid; counts down as they arrive. */
  refuseDocuments: number;
  /** ERP only: the next N retail documents are acknowledged with a document number, then forgotten; counts down as they arrive. */
  loseDocuments: number;
  /** Loyalty only: the next N accruals are acknowledged with a transaction id, then never booked; counts down as they arrive. */
  loseAccruals: number;
  /** Loyalty only: the next N redemptions are acknowledged with a redemption id, then never booked (no points taken); counts down as they arrive. */
  loseRedemptions: number;
}

/** `drop` closes the connection with no answer; `late` answers only after the caller has given up. */
export const LOST_REPLY_MODES = ['drop', 'late'] as const;
export type LostReplyMode = (typeof LOST_REPLY_MODES)[number];

/** Defaults model the vendors: a slow, tightly metered ERP, a rate-limited loyalty SaaS, quick OMS and POS. */
export function defaultFaultSettings(backend: BackendName): FaultSettings {
  const quota: QuotaSettings = { maxConcurrent: 0, perWindow: 0, windowMs: 1000 };
  if (backend === 'erp') Object.assign(quota, { maxConcurrent: 8, perWindow: 200 });
  if (backend === 'loyalty') quota.perWindow = 100;
  return {
    latencyMs: backend === 'erp' ? 20 : 5,
    jitterMs: 0,
    errorRate: 0,
    outage: false,
    maintenance: false,
    maintenanceRetryAfterS: 30,
    quota,
    force429: 0,
    force429RetryAfterS: 1,
    csrfTtlMs: 1_800_000,
    lostReplies: 0,
    lostReplyMode: 'drop',
    lostReplyDelayMs: 10_000,
    refuseDocuments: 0,
    loseDocuments: 0,
    loseAccruals: 0,
    loseRedemptions: 0,
  };
}
