import type { IdempotencyClaim } from '@omnigate/idempotency';

/** Who makes a request or runs a job: what a workflow's guards are evaluated against. */
export interface Caller {
  /**
   * `job` when the app's own job runner acts (expiry, recovery), with no request behind it;
   * `operator` when a person of the platform team mends a flow (releasing a stuck one's holds).
   */
  kind: 'channel' | 'internal' | 'job' | 'operator';
  /** The channel client app the call is made for: the owner of what it creates, the idempotency scope. */
  clientAppId: string;
  channel?: string;
  /** Set when the caller acts for this store only. */
  storeId?: string;
  /** Set when the caller acts for this loyalty member only. */
  memberId?: string;
}

/** Everything a use case knows about the request it serves, passed first to every use case, from HTTP and from jobs alike. */
export interface RequestContext {
  correlationId: string;
  caller: Caller;
  /** Epoch milliseconds after which nobody waits for the answer any more (the caller's X-Request-Budget-Ms); none for jobs. */
  deadlineAt?: number;
  /** The request's hold on its Idempotency-Key, bound to what the write changes in the same transaction; none in jobs. */
  idempotencyClaim?: IdempotencyClaim;
}

/** The context of a job run by the app itself: the correlation id of the request that scheduled it. */
export function jobContext(correlationId: string, clientAppId: string): RequestContext {
  return { correlationId, caller: { kind: 'job', clientAppId } };
}

/** The context of a platform team member's action on a flow, made through the operations API. */
export function operatorContext(correlationId: string): RequestContext {
  return { correlationId, caller: { kind: 'operator', clientAppId: 'operations', channel: 'operations' } };
}

/** The context of a store's action on behalf of `storeId`; a caller already bound to a store keeps its own, so a store guard compares that one. */
export function actingAtStore(ctx: RequestContext, storeId: string): RequestContext {
  return ctx.caller.storeId === undefined ? { ...ctx, caller: { ...ctx.caller, storeId } } : ctx;
}
