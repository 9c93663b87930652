import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC_ROUTE, type Principal } from '@omnigate/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimited } from './rate-limit.errors';
import { rateLimitField, rateLimitPolicyField } from './rate-limit.headers';
import type { RateLimitPlan } from './rate-limit-plan';
import { RateLimitPlans } from './rate-limit-plans';
import { RateLimiter } from './rate-limiter';

/** The counter a request is taken from: the client app, or the app's device for per-device plans. */
export function subjectKeyOf(principal: Principal, plan: RateLimitPlan): string {
  return plan.perDevice && principal.deviceId ? `${principal.clientAppId}:${principal.deviceId}` : principal.clientAppId;
}

/**
 * Takes each request from its client app's plan and answers the RateLimit headers on every
 * response; refuses with {@link RateLimited} when a window is exhausted. Runs after the auth guard.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly plans: RateLimitPlans,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const principal = http.getRequest<FastifyRequest>().principal;
    if (!principal) throw new Error('RateLimitGuard must run after an auth guard has set request.principal');
    // Internal callers have no plan: their traffic was limited where it entered, at the experience layer.
    if (principal.plan === undefined) return true;
    const plan = this.plans.find(principal.plan);
    if (!plan) throw new Error(`Client app ${principal.clientAppId} names unknown rate-limit plan '${principal.plan}'`);
    const decision = await this.limiter.consume(subjectKeyOf(principal, plan), plan);
    void http
      .getResponse<FastifyReply>()
      .header('ratelimit-policy', rateLimitPolicyField(decision.windows))
      .header('ratelimit', rateLimitField(decision.windows));
    if (!decision.allowed) throw new RateLimited(decision.retryAfterS ?? 1);
    return true;
  }
}
