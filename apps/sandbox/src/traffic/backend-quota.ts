import type { QuotaSettings } from './fault-settings';
import type { Refusal } from './refusal';

/** One backend's quota state: calls in flight and calls admitted in the current fixed window. */
export class BackendQuota {
  inFlight = 0;
  private windowStartedAt = 0;
  private admittedInWindow = 0;

  /** Admits a call (counting it in flight) or says why not; a refused call is not in flight. */
  admit(quota: QuotaSettings, now: number): Refusal | undefined {
    if (quota.maxConcurrent > 0 && this.inFlight >= quota.maxConcurrent) {
      return { status: 429, reason: 'concurrency-quota', retryAfterS: 1 };
    }
    if (quota.perWindow > 0) {
      if (now >= this.windowStartedAt + quota.windowMs) {
        this.windowStartedAt = now;
        this.admittedInWindow = 0;
      }
      if (this.admittedInWindow >= quota.perWindow) {
        const retryAfterS = Math.max(1, Math.ceil((this.windowStartedAt + quota.windowMs - now) / 1000));
        return { status: 429, reason: 'window-quota', retryAfterS };
      }
      this.admittedInWindow++;
    }
    this.inFlight++;
    return undefined;
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Forgets the window; calls still in flight stay counted until they finish. */
  resetWindow(): void {
    this.windowStartedAt = 0;
    this.admittedInWindow = 0;
  }
}
