import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { cacheLookups } from '@omnigate/observability';
import { namespaceOf } from './cache-keyspace';
import type { CacheStore } from './cache-store';
import type { CachePolicy, Cached } from './cached-value';

/** What is stored per key: the value (null when the backend knows no such thing) and when it was read. */
interface Entry<T> {
  v: T | null;
  at: number;
}

/** Loads the given keys from the backend; a key missing from the answer does not exist there. */
export type BatchLoader<T> = (keys: string[]) => Promise<Map<string, T>>;

/** How long a coalescing lock lives unless its owner renews it (CACHE_LOCK_TTL_MS in the system apps). */
const DEFAULT_LOCK_TTL_MS = 3_000;
/** How often a replica waiting for another's load looks for its answer. */
const LOCK_POLL_MS = 15;

const lockKey = (key: string) => `lock:${key}`;

/** Freezes an entry through and through, once, as it is stored: every hit shares it, so nobody may change it. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
/** Keys remembered as failing at most: beyond it a reader waits for the load, as before any failure. */
const MAX_FAILING_KEYS = 100_000;
/** While the backend fails a key, its load is retried at most this often per process. */
const FAILED_LOAD_RETRY_MS = 1_000;

/** How long an entry is kept: fresh, then stale while revalidating, then stale if the backend fails. */
const ttlOf = (policy: CachePolicy) => policy.freshMs + policy.staleWhileRevalidateMs + policy.staleIfErrorMs;

// The global timer, not timers/promises: specs move it with fake timers.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Cache-aside over a {@link CacheStore} with stale-while-revalidate, stale-if-error and request
 * coalescing: concurrent misses on one key share one load in this process, and across replicas
 * only the owner of a lock loads while the others wait for its answer. The owner renews its lock
 * while the load runs, however slow the backend; the others take over only when the lock is gone
 * (released without an answer, or expired because its owner died). A failing store is bypassed
 * (fail open): the backend is asked instead.
 */
export class ReadThroughCache {
  private readonly inFlight = new Map<string, Promise<Entry<unknown>>>();
  /** When the last load of a key failed, until one succeeds (at most {@link MAX_FAILING_KEYS} keys). */
  private readonly failedAt = new Map<string, number>();

  constructor(
    private readonly store: CacheStore,
    private readonly logger: Logger,
    private readonly lockTtlMs: number = DEFAULT_LOCK_TTL_MS,
  ) {}

  /** Reads one key; `null` value means the backend has no such thing. */
  async read<T>(key: string, policy: CachePolicy, load: () => Promise<T | null>): Promise<Cached<T | null>> {
    const answers = await this.readMany<T>([key], policy, async () => {
      const value = await load();
      return value === null ? new Map() : new Map([[key, value]]);
    });
    return answers.get(key)!;
  }

  /** Reads many keys; the ones to load from the backend are loaded in one batch. */
  async readMany<T>(
    keys: string[],
    policy: CachePolicy,
    load: BatchLoader<T>,
  ): Promise<Map<string, Cached<T | null>>> {
    const unique = [...new Set(keys)];
    const entries = await this.safeGetMany<T>(unique);
    const now = Date.now();
    const answers = new Map<string, Cached<T | null>>();
    const toRefresh: string[] = [];
    const toLoad: string[] = [];
    const toRetry: string[] = [];
    const fallback = new Map<string, Entry<T>>();

    unique.forEach((key, i) => {
      const entry = entries[i];
      const ageMs = entry ? now - entry.at : Infinity;
      if (entry && ageMs < policy.freshMs) {
        answers.set(key, { value: entry.v, state: 'fresh', ageS: Math.floor(ageMs / 1000) });
      } else if (entry && ageMs < policy.freshMs + policy.staleWhileRevalidateMs) {
        answers.set(key, { value: entry.v, state: 'stale', ageS: Math.floor(ageMs / 1000) });
        toRefresh.push(key);
      } else if (entry && ageMs < ttlOf(policy) && this.failedAt.has(key)) {
        // The backend failed this key's last load: answered stale now, as a retry failing would
        // answer it, while at most one retry a second runs behind it (with the ERP down, no reader
        // waits for a refresh that is bound to fail).
        answers.set(key, { value: entry.v, state: 'stale', ageS: Math.floor(ageMs / 1000) });
        if (now - this.failedAt.get(key)! >= FAILED_LOAD_RETRY_MS) toRetry.push(key);
      } else {
        if (entry) fallback.set(key, entry);
        toLoad.push(key);
      }
    });
    for (const [key, answer] of answers) cacheLookups.inc({ cache: namespaceOf(key), result: answer.state });
    if (toRefresh.length > 0) {
      this.loadCoalesced(toRefresh, policy, load).catch((error: unknown) =>
        this.logger.warn({ err: error }, 'background refresh failed; serving stale'),
      );
    }
    if (toRetry.length > 0) {
      // Marked now, so the readers until it settles do not each start one.
      for (const key of toRetry) this.failedAt.set(key, now);
      this.loadCoalesced(toRetry, policy, load).catch((error: unknown) =>
        this.logger.debug({ err: error }, 'backend still failing; serving stale'),
      );
    }
    if (toLoad.length === 0) return answers;

    const loaded = await this.loadCoalesced(toLoad, policy, load).catch((error: unknown) => {
      if (fallback.size < toLoad.length) throw error;
      this.logger.warn({ err: error }, 'backend failed; serving stale');
      return new Map<string, Entry<T>>();
    });
    for (const key of toLoad) {
      const entry = loaded.get(key);
      const stale = fallback.get(key)!;
      const answer: Cached<T | null> = entry
        ? { value: entry.v, state: 'miss', ageS: Math.floor((Date.now() - entry.at) / 1000) }
        : { value: stale.v, state: 'stale', ageS: Math.floor((Date.now() - stale.at) / 1000) };
      cacheLookups.inc({ cache: namespaceOf(key), result: answer.state });
      answers.set(key, answer);
    }
    return answers;
  }

  /** Shares one load per key within this process. */
  private async loadCoalesced<T>(
    keys: string[],
    policy: CachePolicy,
    load: BatchLoader<T>,
  ): Promise<Map<string, Entry<T>>> {
    const own = keys.filter((k) => !this.inFlight.has(k));
    if (own.length > 0) {
      const batch = this.loadAcrossReplicas(own, policy, load);
      batch.then(
        () => {
          for (const key of own) this.failedAt.delete(key);
        },
        () => {
          const at = Date.now();
          for (const key of own) if (this.failedAt.size < MAX_FAILING_KEYS) this.failedAt.set(key, at);
        },
      );
      for (const key of own) {
        const perKey = batch.then((m) => m.get(key)!);
        this.inFlight.set(key, perKey);
        // Only forgets the entry; callers await perKey itself and see its failure.
        void perKey.then(
          () => this.inFlight.delete(key),
          () => this.inFlight.delete(key),
        );
      }
    }
    const settled = await Promise.all(
      keys.map(async (k) => [k, (await this.inFlight.get(k)) as Entry<T>] as const),
    );
    return new Map(settled);
  }

  /** Loads the keys this replica wins the lock of; waits for the owners' answers to the others. */
  private async loadAcrossReplicas<T>(
    keys: string[],
    policy: CachePolicy,
    load: BatchLoader<T>,
  ): Promise<Map<string, Entry<T>>> {
    const result = new Map<string, Entry<T>>();
    const since = Date.now();
    let pending = keys;
    while (pending.length > 0) {
      const owner = randomBytes(16).toString('base64url');
      const locks = await Promise.all(pending.map((k) => this.safeTryLock(k, owner)));
      const mine = pending.filter((_, i) => locks[i]);
      if (mine.length > 0) {
        await this.holding(mine, owner, async () => {
          // Another replica may have answered these between our read and our lock.
          await this.collectAnswers<T>(mine, policy, since, result);
          const missing = mine.filter((k) => !result.has(k));
          if (missing.length > 0) await this.loadAndStore(missing, policy, load, result);
        });
      }
      pending = pending.filter((k) => !result.has(k));
      if (pending.length === 0) break;
      // The rest are locked by live owners: wait for their answers, or for their locks to go.
      await sleep(LOCK_POLL_MS);
      await this.collectAnswers<T>(pending, policy, since, result);
      pending = pending.filter((k) => !result.has(k));
    }
    return result;
  }

  /** Runs `work` holding the locks of `keys`, renewing them until it ends, then releases them. */
  private async holding(keys: string[], owner: string, work: () => Promise<void>): Promise<void> {
    let held = keys;
    const renew = setInterval(() => {
      const asked = held;
      // Best effort between ticks: a failed renewal counts as kept, and a lost lock is only logged.
      void Promise.all(
        asked.map((k) => this.store.extendLock(lockKey(k), owner, this.lockTtlMs).catch(() => true)),
      ).then((kept) => {
        const lost = asked.filter((_, i) => !kept[i]);
        if (lost.length === 0) return;
        held = held.filter((k) => !lost.includes(k));
        this.logger.warn(
          { keys: lost },
          'coalescing lock lost while loading (Redis emptied, or this replica stalled); another replica may load too',
        );
      });
    }, this.lockTtlMs / 3);
    renew.unref();
    try {
      await work();
    } finally {
      clearInterval(renew);
      await Promise.all(keys.map((k) => this.store.unlock(lockKey(k), owner).catch(() => undefined)));
    }
  }

  private async loadAndStore<T>(
    keys: string[],
    policy: CachePolicy,
    load: BatchLoader<T>,
    into: Map<string, Entry<T>>,
  ) {
    const values = await load(keys);
    const at = Date.now();
    const ttlMs = ttlOf(policy);
    await Promise.all(
      keys.map(async (key) => {
        const entry: Entry<T> = { v: values.get(key) ?? null, at };
        into.set(key, entry);
        // A store in memory keeps the (frozen) entry itself; the type says text, as for Redis.
        const stored = this.store.keepsObjects
          ? (deepFreeze(entry) as unknown as string)
          : JSON.stringify(entry);
        await this.store.set(key, stored, ttlMs).catch((error: unknown) => {
          this.logger.warn({ err: error }, 'cache write failed');
        });
      }),
    );
  }

  /** Takes the entries that are fresh, or were loaded since `since` (by a lock owner this replica waited for). */
  private async collectAnswers<T>(
    keys: string[],
    policy: CachePolicy,
    since: number,
    into: Map<string, Entry<T>>,
  ): Promise<void> {
    const entries = await this.safeGetMany<T>(keys);
    const now = Date.now();
    keys.forEach((key, i) => {
      const entry = entries[i];
      if (entry && (entry.at >= since || now - entry.at < policy.freshMs)) into.set(key, entry);
    });
  }

  private async safeGetMany<T>(keys: string[]): Promise<(Entry<T> | null)[]> {
    try {
      const raws = await this.store.getMany(keys);
      if (this.store.keepsObjects) return raws as unknown as (Entry<T> | null)[];
      return raws.map((raw) => (raw ? (JSON.parse(raw) as Entry<T>) : null));
    } catch (error) {
      this.logger.warn({ err: error }, 'cache unavailable; reading through');
      return keys.map(() => null);
    }
  }

  /** When the store fails, act as the lock owner: better one extra backend call than none at all. */
  private async safeTryLock(key: string, owner: string): Promise<boolean> {
    return this.store.tryLock(lockKey(key), owner, this.lockTtlMs).catch(() => true);
  }
}
