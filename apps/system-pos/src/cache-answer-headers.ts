/** The cache headers of a read's answer, as documented in OpenAPI. */
export const CACHE_ANSWER_HEADERS = {
  Age: { description: 'Seconds since the oldest part of the answer was read from the POS back office', schema: { type: 'integer' } },
  'X-Cache': { description: 'HIT (fresh), STALE (past its TTL; the back office is being asked or is failing) or MISS', schema: { type: 'string' } },
};
