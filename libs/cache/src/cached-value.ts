/** fresh: within its TTL. stale: past it, served while a refresh runs or while the backend fails. miss: just loaded. */
export type CacheState = 'fresh' | 'stale' | 'miss';

/** A value with where it came from and how old it is. */
export interface Cached<T> {
  value: T;
  state: CacheState;
  /** Seconds since the value was read from the backend. */
  ageS: number;
}

/** How long a kind of entry stays fresh, is served stale while revalidating, and is kept for backend failures. */
export interface CachePolicy {
  freshMs: number;
  /** After freshness: served at once while one background refresh runs (stale-while-revalidate). */
  staleWhileRevalidateMs: number;
  /** After that: still served when the refresh fails (stale-if-error). */
  staleIfErrorMs: number;
}

/** The response headers that tell a caller how old a cached answer is and whether it is fresh. */
export function cacheHeaders(cached: Pick<Cached<unknown>, 'state' | 'ageS'>): Record<string, string> {
  const label = { fresh: 'HIT', stale: 'STALE', miss: 'MISS' }[cached.state];
  return { age: String(cached.ageS), 'x-cache': label };
}

/** The oldest of several cached parts decides the age and state of an answer built from them. */
export function combineCacheStates(parts: Pick<Cached<unknown>, 'state' | 'ageS'>[]): Pick<Cached<unknown>, 'state' | 'ageS'> {
  const rank = { miss: 0, fresh: 1, stale: 2 } as const;
  return parts.reduce<Pick<Cached<unknown>, 'state' | 'ageS'>>(
    (acc, p) => ({ state: rank[p.state] > rank[acc.state] ? p.state : acc.state, ageS: Math.max(acc.ageS, p.ageS) }),
    { state: 'miss', ageS: 0 },
  );
}
