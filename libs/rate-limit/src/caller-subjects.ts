import type { FastifyRequest } from 'fastify';
import type { RateLimitPlan } from './rate-limit-plan';
import { RateLimitPlans } from './rate-limit-plans';
import { type RateLimitSubject, RateLimitSubjects } from './rate-limit-subjects';

/** How much one calling app may ask of a process or system API (`INTERNAL_RATE_LIMIT_*`). */
export interface CallerRateLimits {
  /** Requests per second, sustained: counted over a minute. */
  perS: number;
  /** Requests within any one second (a fixed one-second window); at least `perS`. */
  burst: number;
}

/** Who is calling, as counted: `key` names its counter, `label` its refusals on /metrics. */
export interface CallerIdentity {
  key: string;
  label: string;
}

/** Tells who calls from a request an auth guard admitted; undefined: the request is not counted. */
export type IdentifyCaller = (request: FastifyRequest) => CallerIdentity | undefined;

/** The internal caller whose `X-Service-Key` was presented (see `InternalAuthGuard`), not the client app it acts for. */
export const internalCallerOf: IdentifyCaller = (request) => {
  const principal = request.principal;
  if (!principal) throw new Error('RateLimitGuard must run after an auth guard has set request.principal');
  const caller = principal.caller ?? principal.clientAppId;
  return { key: caller, label: caller };
};

/** The one plan every caller of an internal API is counted under: a one-second burst and a one-minute sustained window. */
export function callerPlan(limits: CallerRateLimits): RateLimitPlan {
  return {
    name: 'internal-caller',
    priority: 'standard',
    windows: [
      { name: 'burst', limit: limits.burst, windowS: 1 },
      { name: 'sustained', limit: limits.perS * 60, windowS: 60 },
    ],
  };
}

/**
 * On a process or system API (and the control tower): each calling app is counted on its own under
 * {@link callerPlan}, in counters of this API only (`api` is part of every key), so experience-pos
 * flooding process-orders spends nothing of experience-storefront's, nor of its own on system-erp.
 */
export class CallerSubjects extends RateLimitSubjects {
  private readonly plan: RateLimitPlan;

  constructor(
    private readonly api: string,
    limits: CallerRateLimits,
    private readonly identifyCaller: IdentifyCaller = internalCallerOf,
  ) {
    const plan = callerPlan(limits);
    super(new RateLimitPlans([plan]));
    this.plan = plan;
  }

  protected identify(request: FastifyRequest): RateLimitSubject | undefined {
    const caller = this.identifyCaller(request);
    return caller && { key: `${this.api}:${caller.key}`, label: caller.label, plan: this.plan };
  }
}
