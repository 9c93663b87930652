import { setTimeout as sleep } from 'node:timers/promises';

/** Limits of the calls a backend takes. */
export interface ThrottleLimits {
  /** Calls in flight at once, at most. */
  maxConcurrency: number;
  /** Calls started per second, at most. */
  maxRatePerS: number;
}

/**
 * Keeps calls within a backend's quota: at most `maxConcurrency` in flight and `maxRatePerS`
 * started per second. A refusal (429 with Retry-After) pauses all calls for that long and halves
 * the rate; each success gives a little rate back (additive increase, multiplicative decrease).
 */
export class AdaptiveThrottle {
  private inFlight = 0;
  private ratePerS: number;
  private nextStartAt = 0;
  private pausedUntil = 0;

  constructor(
    private readonly limits: ThrottleLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.ratePerS = limits.maxRatePerS;
  }

  /** Waits for a slot; call `release` when the call ends. */
  async acquire(): Promise<() => void> {
    for (;;) {
      const now = this.now();
      const waitMs = Math.max(this.pausedUntil - now, this.nextStartAt - now);
      if (this.inFlight < this.limits.maxConcurrency && waitMs <= 0) {
        this.inFlight++;
        this.nextStartAt = now + 1000 / this.ratePerS;
        let released = false;
        return () => {
          if (!released) this.inFlight--;
          released = true;
        };
      }
      await sleep(Math.max(5, Math.min(waitMs, 250)));
    }
  }

  /** The backend refused for quota: pause for `retryAfterS` and halve the rate. */
  tighten(retryAfterS: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + retryAfterS * 1000);
    this.ratePerS = Math.max(1, this.ratePerS / 2);
  }

  /** A call succeeded: creep back towards the configured rate. */
  relax(): void {
    this.ratePerS = Math.min(this.limits.maxRatePerS, this.ratePerS + 1);
  }

  /** What the throttle allows right now (for metrics and the operations API). */
  state(): { inFlight: number; ratePerS: number; pausedForMs: number } {
    return { inFlight: this.inFlight, ratePerS: this.ratePerS, pausedForMs: Math.max(0, this.pausedUntil - this.now()) };
  }
}
