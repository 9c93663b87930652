import { type ExecutionContext, Injectable } from '@nestjs/common';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  type Resolvable,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
} from '@nestjs/throttler';
import { THROTTLER_LIMIT, THROTTLER_SKIP, THROTTLER_TTL } from '@nestjs/throttler/dist/throttler.constants';
import { IS_PUBLIC_ROUTE, RememberingReflector, perRoute, routeMetadata } from '@omnigate/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { windowNamesShortestFirst } from './plan-throttlers';
import { RateLimited } from './rate-limit.errors';
import { refusalsCounter } from './rate-limit.metrics';
import { rateLimitField, rateLimitPolicyField, type WindowState } from './rate-limit.headers';
import type { RateLimitPlan } from './rate-limit-plan';
import { type RateLimitSubject, RateLimitSubjects } from './rate-limit-subjects';
import { WindowCounterStorage } from './window-counter.storage';

/** One window a request was counted in. */
interface CountedWindow {
  key: string;
  ttl: number;
  throttler: string;
  /** Counted under a route's own `@Throttle` limit, not the plan's window. */
  ownLimit: boolean;
  state: WindowState;
}

/** What a route's decorators say of one named throttler (a window of the plans), read on its first request. */
interface RouteWindow {
  throttler: ThrottlerOptions & { name: string };
  /** `@SkipThrottle({ <name>: true })` on the route or its controller. */
  skipped: boolean;
  /** `@Throttle({ <name>: ... })`: the route's own limit or length in place of the plan's. */
  limit?: Resolvable<number>;
  ttl?: Resolvable<number>;
}

// What a bare `@SkipThrottle()` sets (the library's metadata key for its `default` throttler). The
// plans name no `default` window, so it skips every window, as a Nest user reads it.
const SKIP_EVERY_WINDOW = `${THROTTLER_SKIP}default`;
const ROUTE_WINDOWS = 'rate-limit:route-windows';

/** A limit or length as a number: resolved with the request when the option is a function. */
function resolved(value: Resolvable<number>, context: ExecutionContext): number | Promise<number> {
  return typeof value === 'function' ? value(context) : value;
}

/**
 * `@nestjs/throttler`'s guard: the tracker is the request's subject ({@link RateLimitSubjects}: the
 * client app or its device at the edge, the calling app on an internal API), each named throttler a
 * window of the subject's plan, counted in a {@link WindowCounterStorage} (Redis across replicas).
 * Answers the IETF RateLimit headers on every response and refuses with {@link RateLimited} (429
 * problem+json, Retry-After) when a window is full; a refused request counts in no window and
 * reaches no handler. Runs after the auth guard; public routes, routes marked `@SkipThrottle()` and
 * requests without a subject (at the edge: internal services, limited where they entered) are not
 * counted.
 *
 * The library's decorators (`@SkipThrottle`, `@Throttle` per window) are read once per route, not
 * per request and window as the library's own `canActivate` does: with its awaits, that walk cost
 * more than the counting itself on a cached read.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly refusals = refusalsCounter();
  /** The RateLimit-Policy field of each plan, when every window counted is the plan's own. */
  private readonly policies = new Map<RateLimitPlan, string>();

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() private readonly counters: WindowCounterStorage,
    private readonly subjects: RateLimitSubjects,
  ) {
    super(options, counters, new RememberingReflector());
  }

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    // Shortest window first, whatever order the library sorted resolver-valued windows in: a flood a
    // short window refuses never reaches, let alone spends, the long ones.
    const order = windowNamesShortestFirst(this.subjects.plans);
    this.throttlers.sort((a, b) => order.indexOf(a.name!) - order.indexOf(b.name!));
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (routeMetadata<boolean>(this.reflector, IS_PUBLIC_ROUTE, context)) return true;
    if (routeMetadata<boolean>(this.reflector, SKIP_EVERY_WINDOW, context)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const subject = this.subjects.subjectOf(request);
    if (subject === undefined) return true;
    const counted: CountedWindow[] = [];
    try {
      for (const window of this.routeWindows(context)) {
        if (window.skipped || window.throttler.skipIf?.(context)) continue;
        await this.count(context, subject, window, counted);
      }
      return true;
    } finally {
      if (counted.length > 0) this.answerHeaders(context, subject.plan, counted);
    }
  }

  /** The throttlers in the order they count, with what the route's decorators say of each. */
  private routeWindows(context: ExecutionContext): RouteWindow[] {
    return perRoute(context, ROUTE_WINDOWS, () =>
      this.throttlers.map((throttler) => {
        const name = throttler.name!;
        const targets = [context.getHandler(), context.getClass()];
        return {
          throttler: { ...throttler, name },
          skipped: this.reflector.getAllAndOverride<boolean>(`${THROTTLER_SKIP}${name}`, targets) === true,
          limit: this.reflector.getAllAndOverride<Resolvable<number>>(`${THROTTLER_LIMIT}${name}`, targets),
          ttl: this.reflector.getAllAndOverride<Resolvable<number>>(`${THROTTLER_TTL}${name}`, targets),
        };
      }),
    );
  }

  /** Counts the request in one window, or hands back the shorter windows' hits and refuses it. */
  private async count(
    context: ExecutionContext,
    subject: RateLimitSubject,
    window: RouteWindow,
    counted: CountedWindow[],
  ): Promise<void> {
    const name = window.throttler.name;
    const limit = await resolved(window.limit ?? window.throttler.limit, context);
    const ttl = await resolved(window.ttl ?? window.throttler.ttl, context);
    const planWindow = subject.plan.windows.find((w) => w.name === name);
    // A route that sets its own limit with @Throttle counts apart from the plan's shared window.
    const ownLimit = planWindow?.limit !== limit || planWindow.windowS * 1000 !== ttl;
    const key = ownLimit
      ? `${subject.key}:${context.getClass().name}.${context.getHandler().name}`
      : subject.key;
    const record = await this.counters.increment(key, ttl, limit, ttl, name);
    const state = {
      name,
      limit,
      windowS: ttl / 1000,
      remaining: Math.max(0, limit - record.totalHits),
      resetS: record.timeToExpire,
    };
    if (!record.isBlocked) {
      counted.push({ key, ttl, throttler: name, ownLimit, state });
      return;
    }
    // Hand back the hits the shorter windows took: a refused request counts in none of them.
    await Promise.all(counted.map((c) => this.counters.release(c.key, c.ttl, c.throttler)));
    counted.forEach((c) => (c.state.remaining = Math.min(c.state.limit, c.state.remaining + 1)));
    counted.push({ key, ttl, throttler: name, ownLimit, state: { ...state, remaining: 0 } });
    this.refusals.inc({ client_app: subject.label, window: name });
    throw new RateLimited(record.timeToBlockExpire);
  }

  private answerHeaders(context: ExecutionContext, plan: RateLimitPlan, counted: CountedWindow[]): void {
    const states = counted.map((c) => c.state);
    void context
      .switchToHttp()
      .getResponse<FastifyReply>()
      .header('ratelimit-policy', this.policyOf(plan, counted))
      .header('ratelimit', rateLimitField(states));
  }

  /** The policy names every window of the plan, also those a refusal stopped before. */
  private policyOf(plan: RateLimitPlan, counted: CountedWindow[]): string {
    // The policy field holds limits and lengths only: the same for every request the plan's own windows count.
    const planOwn = counted.every((c) => !c.ownLimit);
    const known = planOwn ? this.policies.get(plan) : undefined;
    if (known !== undefined) return known;
    const states = counted.map((c) => c.state);
    const policy = rateLimitPolicyField(
      plan.windows.map(
        (w) => states.find((s) => s.name === w.name) ?? { ...w, remaining: w.limit, resetS: w.windowS },
      ),
    );
    if (planOwn) this.policies.set(plan, policy);
    return policy;
  }
}
