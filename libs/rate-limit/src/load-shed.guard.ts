import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC_ROUTE, routeMetadata } from '@omnigate/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoadShedder } from './load-shedder';
import { Overloaded } from './rate-limit.errors';
import type { TrafficPriority } from './rate-limit-plan';
import { RateLimitPlans } from './rate-limit-plans';
import { lowerPriority, ROUTE_PRIORITY, ROUTE_UPSTREAMS } from './route-priority.decorator';

/**
 * Refuses requests with {@link Overloaded} by priority while the app is saturated, or while an
 * upstream the route depends on is; runs after the auth guard.
 */
@Injectable()
export class LoadShedGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly plans: RateLimitPlans,
    private readonly shedder: LoadShedder,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (routeMetadata<boolean>(this.reflector, IS_PUBLIC_ROUTE, context)) return true;
    const http = context.switchToHttp();
    const plan = http.getRequest<FastifyRequest>().principal?.plan;
    // Callers without a plan (internal services) count as standard traffic.
    const planPriority: TrafficPriority = (plan && this.plans.find(plan)?.priority) || 'standard';
    const priority = lowerPriority(
      planPriority,
      routeMetadata<TrafficPriority>(this.reflector, ROUTE_PRIORITY, context),
    );
    const release = this.shedder.tryAdmit(
      priority,
      routeMetadata<readonly string[]>(this.reflector, ROUTE_UPSTREAMS, context),
    );
    if (!release) throw new Overloaded();
    const response = http.getResponse<FastifyReply>().raw;
    response.once('finish', release);
    response.once('close', release);
    return true;
  }
}
