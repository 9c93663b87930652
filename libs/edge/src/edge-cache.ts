import {
  type CachePolicy,
  type CacheState,
  type Cached,
  type Freshness,
  MemoryCacheStore,
  ReadThroughCache,
} from '@omnigate/cache';
import { rootLogger } from '@omnigate/observability';

/** What is kept per key: the value and the freshness the system API gave it when it was read. */
interface EdgeEntry<T> {
  value: T;
  system: Freshness;
}

/** How long the edge keeps hot reads and, much longer, directory lookups (stores, products). */
export interface EdgeCacheOptions {
  ttlMs: number;
  /** Past `ttlMs`, how long a stock entry is still answered at once while one background read refreshes it. */
  stockStaleWhileRevalidateMs: number;
  maxEntries: number;
  directoryTtlS: number;
}

/** How old an answer is along the whole chain: as the system API aged it plus its time at the edge. */
function throughEdge(edge: Freshness, system: Freshness): Freshness {
  // A hit at the edge of a system MISS is now a cached answer; a STALE one stays stale.
  const state: CacheState =
    edge.state === 'miss' ? system.state : system.state === 'stale' ? 'stale' : edge.state;
  return { state, ageS: system.ageS + edge.ageS };
}

/**
 * The replica's short in-process cache in front of the system APIs: a hot read is answered without
 * a hop, and concurrent misses on one key share one call. Bounded; the oldest entries go first.
 */
export class EdgeCache {
  private readonly cache: ReadThroughCache;
  /** Hot reads (stock, accounts): fresh for the edge TTL, then read again. */
  readonly hot: CachePolicy;
  /**
   * Store stock: fresh for the edge TTL, then answered stale (X-Cache STALE, its Age) for a while
   * longer while one background read per key refreshes it, so no shopper waits for the refresh.
   */
  readonly stock: CachePolicy;
  /** The store directory and product existence: kept for minutes, served stale while a system API fails. */
  readonly directory: CachePolicy;

  constructor(options: EdgeCacheOptions) {
    this.cache = new ReadThroughCache(
      new MemoryCacheStore({ maxEntries: options.maxEntries, keepsObjects: true }),
      rootLogger(),
    );
    this.hot = { freshMs: options.ttlMs, staleWhileRevalidateMs: 0, staleIfErrorMs: 0 };
    this.stock = { ...this.hot, staleWhileRevalidateMs: options.stockStaleWhileRevalidateMs };
    const directoryMs = options.directoryTtlS * 1000;
    this.directory = {
      freshMs: directoryMs,
      staleWhileRevalidateMs: directoryMs,
      staleIfErrorMs: 12 * directoryMs,
    };
  }

  /** Reads one key; `load` is called on a miss. */
  async read<T>(key: string, policy: CachePolicy, load: () => Promise<Cached<T>>): Promise<Cached<T>> {
    const answers = await this.readMany<T>([key], policy, async () => new Map([[key, await load()]]));
    return answers.get(key)!;
  }

  /** Reads many keys; the missing ones are loaded in one call, which must answer every key it is given. */
  async readMany<T>(
    keys: string[],
    policy: CachePolicy,
    load: (missing: string[]) => Promise<Map<string, Cached<T>>>,
  ): Promise<Map<string, Cached<T>>> {
    const cached = await this.cache.readMany<EdgeEntry<T>>(keys, policy, async (missing) => {
      const loaded = await load(missing);
      return new Map(
        [...loaded].map(([key, { value, state, ageS }]) => [key, { value, system: { state, ageS } }]),
      );
    });
    const answers = new Map<string, Cached<T>>();
    for (const [key, entry] of cached) {
      if (!entry.value) throw new Error(`edge cache loader gave no answer for ${key}`);
      answers.set(key, { value: entry.value.value, ...throughEdge(entry, entry.value.system) });
    }
    return answers;
  }
}
