import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerOptions } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import type { RateLimitWindow } from './rate-limit-plan';
import type { RateLimitPlans } from './rate-limit-plans';
import type { RateLimitSubjects } from './rate-limit-subjects';

function windowOf(
  subjects: RateLimitSubjects,
  context: ExecutionContext,
  name: string,
): RateLimitWindow | undefined {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return subjects.subjectOf(request)?.plan.windows.find((w) => w.name === name);
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
 * One named throttler per window name the plans use (`burst`, `sustained`, ...), shortest window
 * first. Limit and length are resolved per request from the plan of the request's subject; a plan
 * without a window of that name skips it. `@Throttle({ burst: ... })` and
 * `@SkipThrottle({ sustained: true })` on a route address these names.
 */
export function planThrottlers(subjects: RateLimitSubjects): ThrottlerOptions[] {
  return windowNamesShortestFirst(subjects.plans).map((name) => ({
    name,
    limit: (context: ExecutionContext) => windowOf(subjects, context, name)!.limit,
    ttl: (context: ExecutionContext) => windowOf(subjects, context, name)!.windowS * 1000,
    skipIf: (context: ExecutionContext) => windowOf(subjects, context, name) === undefined,
  }));
}
