import {
  type ThrottlerStorageRecord,
  WindowCounterStorage,
  windowCounterName,
  windowRecord,
} from './window-counter.storage';

interface Counter {
  count: number;
  expiresAt: number;
}

const SWEEP_EVERY_MS = 10_000;

/** Fixed-window counters in this process only: the storage without Redis, and the fallback while Redis fails. */
export class InMemoryThrottlerStorage extends WindowCounterStorage {
  private readonly counters = new Map<string, Counter>();
  private nextSweepAt = 0;

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    this.sweep(now);
    const name = windowCounterName(key, throttlerName, ttl);
    const live = this.live(name, now);
    if (live && live.count >= limit)
      return Promise.resolve(windowRecord(false, live.count, live.expiresAt - now));
    const counter = live ?? { count: 0, expiresAt: now + ttl };
    counter.count += 1;
    this.counters.set(name, counter);
    return Promise.resolve(windowRecord(true, counter.count, counter.expiresAt - now));
  }

  release(key: string, ttl: number, throttlerName: string): Promise<void> {
    const counter = this.live(windowCounterName(key, throttlerName, ttl), this.now());
    if (counter && counter.count > 0) counter.count -= 1;
    return Promise.resolve();
  }

  private live(name: string, now: number): Counter | undefined {
    const counter = this.counters.get(name);
    return counter && counter.expiresAt > now ? counter : undefined;
  }

  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_EVERY_MS;
    for (const [name, counter] of this.counters) if (counter.expiresAt <= now) this.counters.delete(name);
  }
}
