import type { RateLimitPlan } from './rate-limit-plan';
import { decisionOf, RateLimiter, type RateLimitDecision } from './rate-limiter';

interface Counter {
  count: number;
  expiresAt: number;
}

const SWEEP_EVERY_MS = 10_000;

/** Fixed-window counters in this process only: the limiter without Redis, and the fallback when Redis fails. */
export class InMemoryRateLimiter extends RateLimiter {
  private readonly counters = new Map<string, Counter>();
  private nextSweepAt = 0;

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  consume(subjectKey: string, plan: RateLimitPlan): Promise<RateLimitDecision> {
    const now = this.now();
    this.sweep(now);
    const keys = plan.windows.map((w) => `${subjectKey}:${w.name}:${w.windowS}`);
    const live = keys.map((k) => {
      const c = this.counters.get(k);
      return c && c.expiresAt > now ? c : undefined;
    });
    const allowed = plan.windows.every((w, i) => (live[i]?.count ?? 0) < w.limit);
    if (allowed) {
      plan.windows.forEach((w, i) => {
        const counter = live[i] ?? { count: 0, expiresAt: now + w.windowS * 1000 };
        counter.count += 1;
        this.counters.set(keys[i], counter);
        live[i] = counter;
      });
    }
    const counts = plan.windows.map((w, i) => ({ count: live[i]?.count ?? 0, ttlMs: live[i] ? live[i].expiresAt - now : w.windowS * 1000 }));
    return Promise.resolve(decisionOf(plan, counts, allowed));
  }

  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_EVERY_MS;
    for (const [key, counter] of this.counters) if (counter.expiresAt <= now) this.counters.delete(key);
  }
}
