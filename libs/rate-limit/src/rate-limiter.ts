import type { RateLimitPlan } from './rate-limit-plan';

/** Where one window of a plan stands after a consume. */
export interface WindowState {
  name: string;
  limit: number;
  windowS: number;
  remaining: number;
  /** Seconds until this window starts over. */
  resetS: number;
}

/** The answer to one consume: allowed or not, and the state of every window. */
export interface RateLimitDecision {
  allowed: boolean;
  windows: WindowState[];
  /** Seconds until every exhausted window has room again; set only when refused. */
  retryAfterS?: number;
}

/** Counts requests of one subject against every window of a plan; a refusal increments nothing. */
export abstract class RateLimiter {
  /** Takes one request from every window of `plan` for `subjectKey`, or none if any window is exhausted. */
  abstract consume(subjectKey: string, plan: RateLimitPlan): Promise<RateLimitDecision>;
}

/** Builds a decision from each window's count (after the consume when allowed, before it when refused) and time to reset. */
export function decisionOf(plan: RateLimitPlan, counts: { count: number; ttlMs: number }[], allowed: boolean): RateLimitDecision {
  const windows = plan.windows.map((w, i) => ({
    name: w.name,
    limit: w.limit,
    windowS: w.windowS,
    remaining: Math.max(0, w.limit - counts[i].count),
    resetS: Math.max(1, Math.ceil(counts[i].ttlMs / 1000)),
  }));
  if (allowed) return { allowed, windows };
  const exhausted = windows.filter((w) => w.remaining === 0);
  return { allowed, windows, retryAfterS: Math.max(...exhausted.map((w) => w.resetS)) };
}
