/** Where cached entries and coalescing locks live: Redis across replicas, or memory in one process. */
export interface CacheStore {
  getMany(keys: string[]): Promise<(string | null)[]>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Takes a short lock if nobody holds it; true when this caller now holds it. */
  tryLock(key: string, ttlMs: number): Promise<boolean>;
  unlock(key: string): Promise<void>;
}
