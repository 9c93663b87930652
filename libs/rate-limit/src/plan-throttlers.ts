import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerOptions } from '@nestjs/throttler';
import type { Principal } from '@omnigate/auth';
import type { FastifyRequest } from 'fastify';
import type { RateLimitPlan, RateLimitWindow } from './rate-limit-plan';
import type { RateLimitPlans } from './rate-limit-plans';

/** The plan of the client app calling, or undefined for a caller without one (internal services, public routes). */
export function planOfRequest(plans: RateLimitPlans, principal: Principal | undefined): RateLimitPlan | undefined {
  if (principal?.plan === undefined) return undefined;
  const plan = plans.find(principal.plan);
  if (!plan) throw new Error(`Client app ${principal.clientAppId} names unknown rate-limit plan '${principal.plan}'`);
  return plan;
}

function windowOf(plans: RateLimitPlans, context: ExecutionContext, name: string): RateLimitWindow | undefined {
  const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
  return planOfRequest(plans, principal)?.windows.find((w) => w.name === name);
}

/** The window names of every plan, shortest window first: the order the throttlers run in. */
export function windowNamesShortestFirst(plans: RateLimitPlans): string[] {
  const shortestS = new Map<string, number>();
  for (const window of plans.all().flatMap((p) => p.windows)) {
    shortestS.set(window.name, Math.min(window.windowS, shortestS.get(window.name) ?? Infinity));
  }
  return [...shortestS.keys()].sort((a, b) => shortestS.get(a)! - shortestS.get(b)!);
}

/**
 * One named throttler per window name the registry's plans use (`burst`, `sustained`, ...), shortest
 * window first. Limit and length are resolved per request from the caller's plan; a plan without a
 * window of that name skips it. `@Throttle({ burst: ... })` and `@SkipThrottle({ sustained: true })`
 * on a route address these names.
 */
export function planThrottlers(plans: RateLimitPlans): ThrottlerOptions[] {
  return windowNamesShortestFirst(plans).map((name) => ({
    name,
    limit: (context: ExecutionContext) => windowOf(plans, context, name)!.limit,
    ttl: (context: ExecutionContext) => windowOf(plans, context, name)!.windowS * 1000,
    skipIf: (context: ExecutionContext) => windowOf(plans, context, name) === undefined,
  }));
}
