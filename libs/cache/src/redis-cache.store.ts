import { hashedPartOf, type RedisConnection } from '@omnigate/redis';
import type { CacheStore } from './cache-store';
import { EXTEND_OWNED_LOCK_LUA, RELEASE_OWNED_LOCK_LUA, TAKE_OWNED_LOCK_LUA } from './owned-lock.lua';

type WithOwnedLockCommands = {
  omnigateTakeOwnedLock(key: string, owner: string, ttlMs: number): Promise<number>;
  omnigateReleaseOwnedLock(key: string, owner: string): Promise<number>;
  omnigateExtendOwnedLock(key: string, owner: string, ttlMs: number): Promise<number>;
};

/**
 * Redis store shared by every replica: entries with a TTL, and coalescing locks that hold their
 * owner's token and are taken, renewed and released only for that owner (Lua scripts). Every
 * operation is safe to repeat.
 */
export class RedisCacheStore implements CacheStore {
  private readonly scripts: WithOwnedLockCommands;

  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
  ) {
    // ioredis sends scripts by digest and loads them again after a Redis restart (NOSCRIPT).
    if (!('omnigateTakeOwnedLock' in redis)) {
      redis.defineCommand('omnigateTakeOwnedLock', { numberOfKeys: 1, lua: TAKE_OWNED_LOCK_LUA });
      redis.defineCommand('omnigateReleaseOwnedLock', { numberOfKeys: 1, lua: RELEASE_OWNED_LOCK_LUA });
      redis.defineCommand('omnigateExtendOwnedLock', { numberOfKeys: 1, lua: EXTEND_OWNED_LOCK_LUA });
    }
    this.scripts = redis as unknown as WithOwnedLockCommands;
  }

  /** False while the connection is down (commands would fail at once). */
  get connected(): boolean {
    return this.redis.status === 'ready';
  }

  async getMany(keys: string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    const stored = keys.map((k) => this.prefix + k);
    if (!this.redis.isCluster) return this.redis.mget(stored);
    // A cluster answers an MGET only for keys of one slot: one MGET per hash tag (a store's keys
    // share one), a key without a tag alone.
    const bySlot = new Map<string, number[]>();
    stored.forEach((key, i) => {
      const part = hashedPartOf(key);
      bySlot.set(part, [...(bySlot.get(part) ?? []), i]);
    });
    const values: (string | null)[] = new Array(keys.length).fill(null);
    await Promise.all(
      [...bySlot.values()].map(async (positions) => {
        const found = await this.redis.mget(positions.map((i) => stored[i]));
        positions.forEach((position, j) => (values[position] = found[j]));
      }),
    );
    return values;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.prefix + key, value, 'PX', ttlMs);
  }

  async tryLock(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.scripts.omnigateTakeOwnedLock(this.prefix + key, owner, ttlMs)) === 1;
  }

  async extendLock(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.scripts.omnigateExtendOwnedLock(this.prefix + key, owner, ttlMs)) === 1;
  }

  async unlock(key: string, owner: string): Promise<void> {
    await this.scripts.omnigateReleaseOwnedLock(this.prefix + key, owner);
  }
}
