/** Where cached entries and coalescing locks live: Redis across replicas, or memory in one process. */
export interface CacheStore {
  /**
   * True for a store in this process's memory that keeps the entries it is given as they are
   * (the cache gives it frozen objects, so a hit costs no JSON.parse); otherwise entries are JSON text.
   */
  readonly keepsObjects?: boolean;
  getMany(keys: string[]): Promise<(string | null)[]>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Takes the lock for `owner` (a token unique to this acquisition) if nobody holds it; true when taken. */
  tryLock(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lock `ttlMs` more life if `owner` still holds it; false when it has lost it. */
  extendLock(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Releases the lock if `owner` still holds it; a lock taken over by another owner stays. */
  unlock(key: string, owner: string): Promise<void>;
}
