import { DomainError, UpstreamError } from '@omnigate/problems';

/**
 * How a failed ERP call bears on a posting: `refused` for good (the ERP rejects the document),
 * `not-now` (a breaker open, a quota answer with Retry-After, a maintenance window: no attempt is
 * used), or `failed` (timeout, 5xx, unreachable: an attempt is used and the pause grows).
 */
export type FailureVerdict =
  | { kind: 'refused'; reason: string }
  | { kind: 'not-now'; reason: string; retryAfterS: number; quota: boolean }
  | { kind: 'failed'; reason: string };

// Our own credentials or a lost request are no verdict on the document: they are fixed, then the posting goes.
const NOT_ABOUT_THE_DOCUMENT = new Set([401, 403, 408, 429]);

/** Reads a failure of `ErpApi.post` (system-erp's answer as the resilient client raised it). */
export function judgeFailure(error: unknown): FailureVerdict {
  const reason = error instanceof Error ? error.message : String(error);
  // A business refusal of system-erp (400 validation, 422 the ERP rejected the document, 404, 409).
  if (error instanceof DomainError)
    return error.kind === 'forbidden' || error.kind === 'unauthorized'
      ? { kind: 'failed', reason }
      : { kind: 'refused', reason: `${error.type}: ${reason}` };
  if (!(error instanceof UpstreamError)) return { kind: 'failed', reason };
  if (error.failure === 'circuit-open' || error.failure === 'quota-exceeded')
    return {
      kind: 'not-now',
      reason,
      retryAfterS: error.retryAfterS ?? 1,
      quota: error.failure === 'quota-exceeded',
    };
  // system-erp answers 503 with Retry-After for its own open breaker, the ERP's maintenance and its quota.
  if (error.failure === 'unavailable' && error.retryAfterS !== undefined)
    return { kind: 'not-now', reason, retryAfterS: error.retryAfterS, quota: false };
  if (
    error.failure === 'rejected' &&
    error.status !== undefined &&
    error.status >= 400 &&
    error.status < 500 &&
    !NOT_ABOUT_THE_DOCUMENT.has(error.status)
  )
    return { kind: 'refused', reason };
  return { kind: 'failed', reason };
}

/** What becomes of a posting after a failed call. */
export type NextStep =
  | { action: 'dead-letter'; reason: string }
  | { action: 'retry'; inS: number; usedAttempt: boolean; reason: string };

/**
 * Decides from the verdict, the posting's time spent and its failed attempts so far: a refusal
 * dead-letters at once; anything else retries until the budget is spent, then dead-letters with the
 * last reason. A "not now" waits its Retry-After, a real failure doubles its pause from one second;
 * both at most `maxRetryDelayS`, with jitter so a backlog does not come back in step.
 */
export function nextStep(
  verdict: FailureVerdict,
  spentS: number,
  attempts: number,
  limits: { retryBudgetS: number; maxRetryDelayS: number },
  random: () => number = Math.random,
): NextStep {
  if (verdict.kind === 'refused')
    return { action: 'dead-letter', reason: `refused by the ERP: ${verdict.reason}` };
  if (spentS >= limits.retryBudgetS)
    return {
      action: 'dead-letter',
      reason: `retry budget of ${limits.retryBudgetS}s spent; last: ${verdict.reason}`,
    };
  const pauseS = verdict.kind === 'not-now' ? verdict.retryAfterS : 2 ** Math.min(attempts, 20);
  const pause = Math.max(1, pauseS);
  // Jitter upwards below the longest pause (never sooner than Retry-After), downwards at it.
  const jittered =
    pause >= limits.maxRetryDelayS
      ? limits.maxRetryDelayS * (0.8 + 0.2 * random())
      : Math.min(limits.maxRetryDelayS, pause * (1 + 0.25 * random()));
  const inS = Math.min(jittered, limits.retryBudgetS - spentS + 1);
  return {
    action: 'retry',
    inS: Math.round(inS * 1000) / 1000,
    usedAttempt: verdict.kind === 'failed',
    reason: verdict.reason,
  };
}
