/**
 * Every internal caller that holds a key of its own: the apps that call down, the platform team's
 * operations tooling, and the metrics scraper. A key identifies its caller; each route of a process
 * or system API names the callers it admits (`@InternalCallers`).
 */
export const INTERNAL_CALLERS = [
  'experience-storefront',
  'experience-pos',
  'process-orders',
  'operator',
  'metrics-scraper',
  'control-tower',
] as const;

/** One internal caller identity. */
export type InternalCaller = (typeof INTERNAL_CALLERS)[number];

/**
 * The callers that act for a channel client app and may say which one (`X-On-Behalf-Of`,
 * `X-Channel`): the experience apps, which authenticated that client app themselves. From anyone
 * else the headers would let a caller pick whose orders and idempotency records it touches.
 */
export const CHANNEL_FORWARDING_CALLERS: readonly InternalCaller[] = [
  'experience-storefront',
  'experience-pos',
];

/** A channel client app's id, as `X-On-Behalf-Of` names it. */
export const CLIENT_APP_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
