import { SetMetadata } from '@nestjs/common';
import { ROUTE_UPSTREAMS } from '@omnigate/rate-limit';
import type { UpstreamApi } from '@omnigate/system-clients';

/**
 * Names the system and process APIs a route calls before it can answer. While one of them is
 * saturated (a breaker of this app's client to it open), the route's browse traffic is shed; routes
 * that do not call it are served. A route without it is shed by any saturated upstream.
 */
export const DependsOn = (...upstreams: UpstreamApi[]) => SetMetadata(ROUTE_UPSTREAMS, upstreams);
