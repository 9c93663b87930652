import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { cacheLookups } from '@omnigate/observability';
import type { CacheStore } from './cache-store';
import type { CachePolicy, Cached } from './cached-value';

/** What is stored per key: the value (null when the backend knows no such thing) and when it was read. */
interface Entry<T> {
  v: T | null;
  at: number;
}

/** Loads the given keys from the backend; a key missing from the answer does not exist there. */
export type BatchLoader<T> = (keys: string[]) => Promise<Map<string, T>>;

const LOCK_TTL_MS = 5_000;
const LOCK_POLL_MS = 15;

/** Keys are '<namespace>:<id...>'; the namespace labels metrics. */
function namespaceOf(key: string): string {
  return key.slice(0, key.indexOf(':'));
}

/**
 * Cache-aside over a {@link CacheStore} with stale-while-revalidate, stale-if-error and request
 * coalescing: concurrent misses on one key share one load in this process, and across replicas
 * only the holder of a short lock loads while the others wait for its answer.
 * A failing store is bypassed (fail open): the backend is asked instead.
 */
export class ReadThroughCache {
  private readonly inFlight = new Map<string, Promise<Entry<unknown>>>();

  constructor(
    private readonly store: CacheStore,
    private readonly logger: Logger,
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
  async readMany<T>(keys: string[], policy: CachePolicy, load: BatchLoader<T>): Promise<Map<string, Cached<T | null>>> {
    const unique = [...new Set(keys)];
    const entries = await this.safeGetMany<T>(unique);
    const now = Date.now();
    const answers = new Map<string, Cached<T | null>>();
    const toRefresh: string[] = [];
    const toLoad: string[] = [];
    const fallback = new Map<string, Entry<T>>();

    unique.forEach((key, i) => {
      const entry = entries[i];
      const ageMs = entry ? now - entry.at : Infinity;
      if (entry && ageMs < policy.freshMs) {
        answers.set(key, { value: entry.v, state: 'fresh', ageS: Math.floor(ageMs / 1000) });
      } else if (entry && ageMs < policy.freshMs + policy.staleWhileRevalidateMs) {
        answers.set(key, { value: entry.v, state: 'stale', ageS: Math.floor(ageMs / 1000) });
        toRefresh.push(key);
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
  private async loadCoalesced<T>(keys: string[], policy: CachePolicy, load: BatchLoader<T>): Promise<Map<string, Entry<T>>> {
    const own = keys.filter((k) => !this.inFlight.has(k));
    if (own.length > 0) {
      const batch = this.loadAcrossReplicas(own, policy, load);
      for (const key of own) {
        const perKey = batch.then((m) => m.get(key)!);
        this.inFlight.set(key, perKey);
        void perKey.then(
          () => this.inFlight.delete(key),
          () => this.inFlight.delete(key),
        );
      }
    }
    const settled = await Promise.all(keys.map(async (k) => [k, (await this.inFlight.get(k)) as Entry<T>] as const));
    return new Map(settled);
  }

  /** Loads the keys this replica holds the lock for; waits for the other holders' answers. */
  private async loadAcrossReplicas<T>(keys: string[], policy: CachePolicy, load: BatchLoader<T>): Promise<Map<string, Entry<T>>> {
    const result = new Map<string, Entry<T>>();
    let pending = keys;
    const deadline = Date.now() + LOCK_TTL_MS;
    while (pending.length > 0) {
      const locks = await Promise.all(pending.map((k) => this.safeTryLock(k)));
      const mine = pending.filter((_, i) => locks[i]);
      if (mine.length > 0) {
        try {
          // Another replica may have filled these between our read and our lock.
          const filled = await this.collectFresh<T>(mine, policy, result);
          const missing = mine.filter((k) => !filled.has(k));
          if (missing.length > 0) await this.loadAndStore(missing, policy, load, result);
        } finally {
          await Promise.all(mine.map((k) => this.store.unlock(`lock:${k}`).catch(() => undefined)));
        }
      }
      pending = pending.filter((k) => !result.has(k));
      if (pending.length === 0) break;
      if (Date.now() > deadline) {
        await this.loadAndStore(pending, policy, load, result);
        break;
      }
      await sleep(LOCK_POLL_MS);
      await this.collectFresh<T>(pending, policy, result);
      pending = pending.filter((k) => !result.has(k));
    }
    return result;
  }

  private async loadAndStore<T>(keys: string[], policy: CachePolicy, load: BatchLoader<T>, into: Map<string, Entry<T>>) {
    const values = await load(keys);
    const at = Date.now();
    const ttlMs = policy.freshMs + policy.staleWhileRevalidateMs + policy.staleIfErrorMs;
    await Promise.all(
      keys.map(async (key) => {
        const entry: Entry<T> = { v: values.get(key) ?? null, at };
        into.set(key, entry);
        await this.store.set(key, JSON.stringify(entry), ttlMs).catch((error: unknown) => {
          this.logger.warn({ err: error }, 'cache write failed');
        });
      }),
    );
  }

  private async collectFresh<T>(keys: string[], policy: CachePolicy, into: Map<string, Entry<T>>): Promise<Map<string, Entry<T>>> {
    const entries = await this.safeGetMany<T>(keys);
    const now = Date.now();
    keys.forEach((key, i) => {
      const entry = entries[i];
      if (entry && now - entry.at < policy.freshMs) into.set(key, entry);
    });
    return into;
  }

  private async safeGetMany<T>(keys: string[]): Promise<(Entry<T> | null)[]> {
    try {
      return (await this.store.getMany(keys)).map((raw) => (raw ? (JSON.parse(raw) as Entry<T>) : null));
    } catch (error) {
      this.logger.warn({ err: error }, 'cache unavailable; reading through');
      return keys.map(() => null);
    }
  }

  /** When the store fails, act as the lock holder: better one extra backend call than none at all. */
  private async safeTryLock(key: string): Promise<boolean> {
    return this.store.tryLock(`lock:${key}`, LOCK_TTL_MS).catch(() => true);
  }
}
