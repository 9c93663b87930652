import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, type ThrottlerModuleOptions, type ThrottlerRequest } from '@nestjs/throttler';
import { IS_PUBLIC_ROUTE, type Principal } from '@omnigate/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { planOfRequest, windowNamesShortestFirst } from './plan-throttlers';
import { RateLimited } from './rate-limit.errors';
import { rateLimitField, rateLimitPolicyField, type WindowState } from './rate-limit.headers';
import type { RateLimitPlan } from './rate-limit-plan';
import { RateLimitPlans } from './rate-limit-plans';
import { WindowCounterStorage } from './window-counter.storage';

/** The counter a request is taken from: the client app, or the app's device for per-device plans. */
export function subjectKeyOf(principal: Principal, plan: RateLimitPlan): string {
  return plan.perDevice && principal.deviceId ? `${principal.clientAppId}:${principal.deviceId}` : principal.clientAppId;
}

/** One window a request was counted in. */
interface CountedWindow {
  key: string;
  ttl: number;
  throttler: string;
  state: WindowState;
}

const COUNTED = Symbol('rate-limit-counted-windows');
type CountingRequest = FastifyRequest & { [COUNTED]?: CountedWindow[] };

// What a bare `@SkipThrottle()` sets (the library's metadata key for its `default` throttler). The
// plans name no `default` window, so it skips every window, as a Nest user reads it.
const SKIP_EVERY_WINDOW = 'THROTTLER:SKIPdefault';

/**
 * `@nestjs/throttler`'s guard at the channel edge: the tracker is the client app (or its device on a
 * per-device plan), each named throttler a window of the caller's plan from the registry, counted
 * in a {@link WindowCounterStorage} (Redis across replicas). Answers the IETF RateLimit headers on
 * every response and refuses with {@link RateLimited} (429 problem+json, Retry-After) when a window
 * is full; a refused request counts in no window. Runs after the auth guard; public routes, routes
 * marked `@SkipThrottle()` and callers without a plan (internal services, limited where they
 * entered) are not counted.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() private readonly counters: WindowCounterStorage,
    reflector: Reflector,
    private readonly plans: RateLimitPlans,
  ) {
    super(options, counters, reflector);
  }

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    // Shortest window first, whatever order the library sorted resolver-valued windows in: a flood a
    // short window refuses never reaches, let alone spends, the long ones.
    const order = windowNamesShortestFirst(this.plans);
    this.throttlers.sort((a, b) => order.indexOf(a.name!) - order.indexOf(b.name!));
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<CountingRequest>();
    const counted: CountedWindow[] = [];
    request[COUNTED] = counted;
    try {
      return await super.canActivate(context);
    } finally {
      const plan = planOfRequest(this.plans, request.principal);
      if (plan && counted.length > 0) this.answerHeaders(context, plan, counted);
    }
  }

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_ROUTE, targets)) return Promise.resolve(true);
    if (this.reflector.getAllAndOverride<boolean>(SKIP_EVERY_WINDOW, targets)) return Promise.resolve(true);
    const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
    if (!principal) throw new Error('RateLimitGuard must run after an auth guard has set request.principal');
    return Promise.resolve(planOfRequest(this.plans, principal) === undefined);
  }

  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = (request as unknown as FastifyRequest).principal!;
    return Promise.resolve(subjectKeyOf(principal, planOfRequest(this.plans, principal)!));
  }

  /** Every route shares the caller's windows, across routes and replicas (not the library's per-route key). */
  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return tracker;
  }

  protected override async handleRequest({ context, limit, ttl, throttler, blockDuration, getTracker, generateKey }: ThrottlerRequest): Promise<boolean> {
    const request = context.switchToHttp().getRequest<CountingRequest>();
    const name = throttler.name!;
    const planWindow = planOfRequest(this.plans, request.principal)?.windows.find((w) => w.name === name);
    const tracker = await getTracker(request, context);
    // A route that sets its own limit with @Throttle counts apart from the plan's shared window.
    const ownLimit = planWindow?.limit !== limit || planWindow.windowS * 1000 !== ttl;
    const key = ownLimit ? `${generateKey(context, tracker, name)}:${context.getClass().name}.${context.getHandler().name}` : generateKey(context, tracker, name);
    const record = await this.counters.increment(key, ttl, limit, blockDuration, name);
    const state = { name, limit, windowS: ttl / 1000, remaining: Math.max(0, limit - record.totalHits), resetS: record.timeToExpire };
    const counted = request[COUNTED] ?? [];
    if (!record.isBlocked) {
      counted.push({ key, ttl, throttler: name, state });
      return true;
    }
    // Hand back the hits the shorter windows took: a refused request counts in none of them.
    await Promise.all(counted.map((c) => this.counters.release(c.key, c.ttl, c.throttler)));
    counted.forEach((c) => (c.state.remaining = Math.min(c.state.limit, c.state.remaining + 1)));
    counted.push({ key, ttl, throttler: name, state: { ...state, remaining: 0 } });
    throw new RateLimited(record.timeToBlockExpire);
  }

  private answerHeaders(context: ExecutionContext, plan: RateLimitPlan, counted: CountedWindow[]): void {
    const states = counted.map((c) => c.state);
    // The policy names every window of the plan, also those a refusal stopped before.
    const policy = plan.windows.map((w) => states.find((s) => s.name === w.name) ?? { ...w, remaining: w.limit, resetS: w.windowS });
    void context
      .switchToHttp()
      .getResponse<FastifyReply>()
      .header('ratelimit-policy', rateLimitPolicyField(policy))
      .header('ratelimit', rateLimitField(states));
  }
}
