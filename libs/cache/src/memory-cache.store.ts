import type { CacheStore } from './cache-store';

/** Single-process store for the embedded default (no Redis configured), in-process edge caches and Redis fallback. */
export class MemoryCacheStore implements CacheStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  readonly keepsObjects: boolean;

  /**
   * `maxEntries` bounds the store: past it, the oldest written entry is evicted. Unbounded when unset.
   * `keepsObjects`: the cache in front gives it entries as frozen objects, not JSON text (see {@link CacheStore.keepsObjects});
   * off where it stands in for Redis, which keeps text.
   */
  constructor(private readonly options: { maxEntries?: number; keepsObjects?: boolean } = {}) {
    this.keepsObjects = options.keepsObjects ?? false;
  }

  async getMany(keys: string[]): Promise<(string | null)[]> {
    return keys.map((key) => this.live(key));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.write(key, value, ttlMs);
  }

  // Lock operations check and write without awaiting in between: nothing can interleave.
  async tryLock(key: string, owner: string, ttlMs: number): Promise<boolean> {
    if (this.live(key) !== null) return false;
    this.write(key, owner, ttlMs);
    return true;
  }

  async extendLock(key: string, owner: string, ttlMs: number): Promise<boolean> {
    if (this.live(key) !== owner) return false;
    this.entries.get(key)!.expiresAt = Date.now() + ttlMs;
    return true;
  }

  async unlock(key: string, owner: string): Promise<void> {
    if (this.live(key) === owner) this.entries.delete(key);
  }

  private live(key: string): string | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt > Date.now()) return entry.value;
    this.entries.delete(key);
    return null;
  }

  private write(key: string, value: string, ttlMs: number): void {
    const { maxEntries } = this.options;
    if (maxEntries !== undefined) {
      // Re-inserting moves the key to the end of the Map's order, which is the eviction order.
      this.entries.delete(key);
      while (this.entries.size >= maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
  }
}
