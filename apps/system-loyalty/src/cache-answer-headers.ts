/** The cache headers of a read's answer, as documented in OpenAPI. */
export const CACHE_ANSWER_HEADERS = {
  Age: { description: 'Seconds since the account was read from the loyalty platform', schema: { type: 'integer' } },
  'X-Cache': { description: 'HIT (fresh), STALE (past its TTL; the platform is failing) or MISS', schema: { type: 'string' } },
};
