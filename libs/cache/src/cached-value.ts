/** fresh: within its TTL. stale: past it, served while a refresh runs or while the backend fails. miss: just loaded. */
export type CacheState = 'fresh' | 'stale' | 'miss';

/**
 * How old an answer is and whether it is fresh: the one vocabulary for it from the shared cache
 * through the system API's headers to the edge cache and the channel's headers.
 */
export interface Freshness {
  state: CacheState;
  /** Seconds since the value was read from the backend. */
  ageS: number;
}

/** A value and how old it is. */
export interface Cached<T> extends Freshness {
  value: T;
}

/** How long a kind of entry stays fresh, is served stale while revalidating, and is kept for backend failures. */
export interface CachePolicy {
  freshMs: number;
  /** After freshness: served at once while one background refresh runs (stale-while-revalidate). */
  staleWhileRevalidateMs: number;
  /** After that: still served when the refresh fails (stale-if-error). */
  staleIfErrorMs: number;
}

const HEADER_OF_STATE: Record<CacheState, string> = { fresh: 'HIT', stale: 'STALE', miss: 'MISS' };
const STATE_OF_HEADER: Record<string, CacheState> = { HIT: 'fresh', STALE: 'stale', MISS: 'miss' };

/** The response headers that tell a caller how old an answer is and whether it is fresh (Age, X-Cache). */
export function freshnessHeaders(freshness: Freshness): Record<string, string> {
  return { age: String(freshness.ageS), 'x-cache': HEADER_OF_STATE[freshness.state] };
}

/** Reads back what {@link freshnessHeaders} wrote; an answer without them counts as just loaded. */
export function freshnessFromHeaders(headers: Record<string, string | undefined>): Freshness {
  return { state: STATE_OF_HEADER[headers['x-cache'] ?? ''] ?? 'miss', ageS: Number(headers.age ?? 0) };
}

/** The oldest of several parts decides the age and state of an answer built from them. */
export function oldestOf(parts: Freshness[]): Freshness {
  const rank = { miss: 0, fresh: 1, stale: 2 } as const;
  return parts.reduce<Freshness>(
    (acc, p) => ({
      state: rank[p.state] > rank[acc.state] ? p.state : acc.state,
      ageS: Math.max(acc.ageS, p.ageS),
    }),
    { state: 'miss', ageS: 0 },
  );
}

/**
 * The OpenAPI description of the headers {@link freshnessHeaders} writes, worded for one system API:
 * what the age counts from, and why an answer may be stale.
 */
export function freshnessHeaderDocs(ageSince: string, staleWhile: string) {
  return {
    Age: {
      description: `Seconds since ${ageSince}`,
      schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 },
    },
    'X-Cache': {
      description: `HIT (fresh), STALE (past its TTL; ${staleWhile}) or MISS`,
      schema: { type: 'string', enum: ['HIT', 'STALE', 'MISS'] },
    },
  };
}
