import { WorkNotAdmitted } from './admission-gate';
import type { RequestContext } from './request-context';

/**
 * Refuses work whose caller will be gone within `ms` (503 process-overloaded, Retry-After): nothing
 * is held, reserved or committed for a caller who would be told "failed" while it stands. Work
 * nobody waits on (a job, no deadline) always goes on.
 */
export function refuseUnlessCallerWaits(ctx: RequestContext, nowMs: number, ms: number, work: string): void {
  if (ctx.deadlineAt !== undefined && ctx.deadlineAt - nowMs < ms)
    throw new WorkNotAdmitted(work, 'deadline');
}
