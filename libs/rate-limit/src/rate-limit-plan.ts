/** Traffic priorities, most important first: the load shedder refuses `browse` first and `critical` last. */
export const TRAFFIC_PRIORITIES = ['critical', 'standard', 'browse'] as const;

/** How important a request is when the app is saturated. */
export type TrafficPriority = (typeof TRAFFIC_PRIORITIES)[number];

/** One fixed window of a plan: at most `limit` requests per `windowS` seconds. */
export interface RateLimitWindow {
  readonly name: string;
  readonly limit: number;
  readonly windowS: number;
}

/** A named rate-limit plan: every window must have room for a request to pass. */
export interface RateLimitPlan {
  readonly name: string;
  readonly priority: TrafficPriority;
  readonly windows: readonly RateLimitWindow[];
  /** Count each device of a client app separately (POS registers) instead of the app as a whole. */
  readonly perDevice?: boolean;
}
