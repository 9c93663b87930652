import type { CacheStore } from './cache-store';

/** Single-process store for the embedded default (no Redis configured) and for in-process edge caches. */
export class MemoryCacheStore implements CacheStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();

  /** `maxEntries` bounds the store: past it, the oldest written entry is evicted. Unbounded when unset. */
  constructor(private readonly options: { maxEntries?: number } = {}) {}

  async getMany(keys: string[]): Promise<(string | null)[]> {
    const now = Date.now();
    return keys.map((key) => {
      const entry = this.entries.get(key);
      if (!entry) return null;
      if (entry.expiresAt > now) return entry.value;
      this.entries.delete(key);
      return null;
    });
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    const { maxEntries } = this.options;
    if (maxEntries !== undefined) {
      // Re-inserting moves the key to the end of the Map's order, which is the eviction order.
      this.entries.delete(key);
      while (this.entries.size >= maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
  }

  async tryLock(key: string, ttlMs: number): Promise<boolean> {
    const [held] = await this.getMany([key]);
    if (held !== null) return false;
    await this.set(key, '1', ttlMs);
    return true;
  }

  async unlock(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
