import type { FastifyRequest } from 'fastify';
import type { RateLimitPlan } from './rate-limit-plan';
import type { RateLimitPlans } from './rate-limit-plans';

/** Who a request is counted for, and under which plan. */
export interface RateLimitSubject {
  /** The counter the request is taken from, across routes (and replicas, with Redis). */
  key: string;
  /** Who is refused, as the refusals metric labels it: a client app or an internal caller, never a person. */
  label: string;
  plan: RateLimitPlan;
}

const SUBJECT = Symbol('rate-limit-subject');
type SubjectCarrier = FastifyRequest & { [SUBJECT]?: RateLimitSubject | null };

/**
 * Tells whom each request of an app is counted for: the channel client app at the edge
 * ({@link ClientAppSubjects}), the calling app on a process or system API ({@link CallerSubjects}).
 * `RateLimitGuard` counts, answers the headers and refuses the same way for both.
 */
export abstract class RateLimitSubjects {
  constructor(readonly plans: RateLimitPlans) {}

  /** The subject of an identified request, or undefined when it is not counted. */
  protected abstract identify(request: FastifyRequest): RateLimitSubject | undefined;

  /** {@link identify}, worked out once per request. */
  subjectOf(request: FastifyRequest): RateLimitSubject | undefined {
    const carrier = request as SubjectCarrier;
    if (carrier[SUBJECT] === undefined) carrier[SUBJECT] = this.identify(request) ?? null;
    return carrier[SUBJECT] ?? undefined;
  }
}
