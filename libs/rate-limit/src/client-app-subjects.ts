import type { Principal } from '@omnigate/auth';
import type { FastifyRequest } from 'fastify';
import type { RateLimitPlan } from './rate-limit-plan';
import { type RateLimitSubject, RateLimitSubjects } from './rate-limit-subjects';

/** The counter a request is taken from: the client app, or the app's device for per-device plans. */
export function subjectKeyOf(principal: Principal, plan: RateLimitPlan): string {
  return plan.perDevice && principal.deviceId
    ? `${principal.clientAppId}:${principal.deviceId}`
    : principal.clientAppId;
}

/**
 * At the channel edge: each client app (or its device, on a per-device plan) is counted under the
 * plan the registry names for it. Callers without a plan (internal services, limited where they
 * entered) are not counted.
 */
export class ClientAppSubjects extends RateLimitSubjects {
  protected identify(request: FastifyRequest): RateLimitSubject | undefined {
    const principal = request.principal;
    if (!principal) throw new Error('RateLimitGuard must run after an auth guard has set request.principal');
    if (principal.plan === undefined) return undefined;
    const plan = this.plans.find(principal.plan);
    if (!plan)
      throw new Error(
        `Client app ${principal.clientAppId} names unknown rate-limit plan '${principal.plan}'`,
      );
    return { key: subjectKeyOf(principal, plan), label: principal.clientAppId, plan };
  }
}
