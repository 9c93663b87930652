import { SetMetadata } from '@nestjs/common';
import { TRAFFIC_PRIORITIES, type TrafficPriority } from './rate-limit-plan';

/** Metadata key set by {@link RoutePriority}. */
export const ROUTE_PRIORITY = 'omnigate:route-priority';

/** Metadata key of the upstream APIs a route calls (a list of their names), read by the load-shed guard. */
export const ROUTE_UPSTREAMS = 'omnigate:route-upstreams';

/** Lowers the load-shedding priority of a route below the caller's plan (never raises it): a POS price lookup is not a checkout. */
export const RoutePriority = (priority: TrafficPriority) => SetMetadata(ROUTE_PRIORITY, priority);

/** The less important of two priorities. */
export function lowerPriority(a: TrafficPriority, b: TrafficPriority | undefined): TrafficPriority {
  if (b === undefined) return a;
  return TRAFFIC_PRIORITIES.indexOf(b) > TRAFFIC_PRIORITIES.indexOf(a) ? b : a;
}
