import { freshnessHeaderDocs } from '@omnigate/cache';

/** The cache headers of a read's answer, as documented in OpenAPI. */
export const CACHE_ANSWER_HEADERS = freshnessHeaderDocs(
  'the oldest part of the answer was read from the POS back office',
  'the back office is being asked or is failing',
);
