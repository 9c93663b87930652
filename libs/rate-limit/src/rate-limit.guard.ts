import { type ExecutionContext, Injectable } from '@nestjs/common';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
} from '@nestjs/throttler';
import { IS_PUBLIC_ROUTE, RememberingReflector, routeMetadata } from '@omnigate/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { windowNamesShortestFirst } from './plan-throttlers';
import { RateLimited } from './rate-limit.errors';
import { refusalsCounter } from './rate-limit.metrics';
import { rateLimitField, rateLimitPolicyField, type WindowState } from './rate-limit.headers';
import type { RateLimitPlan } from './rate-limit-plan';
import { RateLimitSubjects } from './rate-limit-subjects';
import { WindowCounterStorage } from './window-counter.storage';

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
 * `@nestjs/throttler`'s guard: the tracker is the request's subject ({@link RateLimitSubjects}: the
 * client app or its device at the edge, the calling app on an internal API), each named throttler a
 * window of the subject's plan, counted in a {@link WindowCounterStorage} (Redis across replicas).
 * Answers the IETF RateLimit headers on every response and refuses with {@link RateLimited} (429
 * problem+json, Retry-After) when a window is full; a refused request counts in no window and
 * reaches no handler. Runs after the auth guard; public routes, routes marked `@SkipThrottle()` and
 * requests without a subject (at the edge: internal services, limited where they entered) are not
 * counted.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly refusals = refusalsCounter();

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() private readonly counters: WindowCounterStorage,
    private readonly subjects: RateLimitSubjects,
  ) {
    // The library reads six metadata keys per window on every request: read once per route instead.
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
    const request = context.switchToHttp().getRequest<CountingRequest>();
    const counted: CountedWindow[] = [];
    request[COUNTED] = counted;
    try {
      return await super.canActivate(context);
    } finally {
      // Only a counted request has a subject (a skipped one may have no caller at all).
      if (counted.length > 0) this.answerHeaders(context, this.subjects.subjectOf(request)!.plan, counted);
    }
  }

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (routeMetadata<boolean>(this.reflector, IS_PUBLIC_ROUTE, context)) return Promise.resolve(true);
    if (routeMetadata<boolean>(this.reflector, SKIP_EVERY_WINDOW, context)) return Promise.resolve(true);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return Promise.resolve(this.subjects.subjectOf(request) === undefined);
  }

  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    return Promise.resolve(this.subjects.subjectOf(request as unknown as FastifyRequest)!.key);
  }

  /** Every route shares the caller's windows, across routes and replicas (not the library's per-route key). */
  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return tracker;
  }

  protected override async handleRequest({
    context,
    limit,
    ttl,
    throttler,
    blockDuration,
    getTracker,
    generateKey,
  }: ThrottlerRequest): Promise<boolean> {
    const request = context.switchToHttp().getRequest<CountingRequest>();
    const name = throttler.name!;
    const subject = this.subjects.subjectOf(request)!;
    const planWindow = subject.plan.windows.find((w) => w.name === name);
    const tracker = await getTracker(request, context);
    // A route that sets its own limit with @Throttle counts apart from the plan's shared window.
    const ownLimit = planWindow?.limit !== limit || planWindow.windowS * 1000 !== ttl;
    const key = ownLimit
      ? `${generateKey(context, tracker, name)}:${context.getClass().name}.${context.getHandler().name}`
      : generateKey(context, tracker, name);
    const record = await this.counters.increment(key, ttl, limit, blockDuration, name);
    const state = {
      name,
      limit,
      windowS: ttl / 1000,
      remaining: Math.max(0, limit - record.totalHits),
      resetS: record.timeToExpire,
    };
    const counted = request[COUNTED] ?? [];
    if (!record.isBlocked) {
      counted.push({ key, ttl, throttler: name, state });
      return true;
    }
    // Hand back the hits the shorter windows took: a refused request counts in none of them.
    await Promise.all(counted.map((c) => this.counters.release(c.key, c.ttl, c.throttler)));
    counted.forEach((c) => (c.state.remaining = Math.min(c.state.limit, c.state.remaining + 1)));
    counted.push({ key, ttl, throttler: name, state: { ...state, remaining: 0 } });
    this.refusals.inc({ client_app: subject.label, window: name });
    throw new RateLimited(record.timeToBlockExpire);
  }

  private answerHeaders(context: ExecutionContext, plan: RateLimitPlan, counted: CountedWindow[]): void {
    const states = counted.map((c) => c.state);
    // The policy names every window of the plan, also those a refusal stopped before.
    const policy = plan.windows.map(
      (w) => states.find((s) => s.name === w.name) ?? { ...w, remaining: w.limit, resetS: w.windowS },
    );
    void context
      .switchToHttp()
      .getResponse<FastifyReply>()
      .header('ratelimit-policy', rateLimitPolicyField(policy))
      .header('ratelimit', rateLimitField(states));
  }
}
