import { Injectable } from '@nestjs/common';
import type { IdempotencyClaim } from './idempotency-claim';
import type { StoredResponse } from './idempotency.store';

/** What the interceptor decided for one request, for the response hook to act on. */
export type IdempotentRequest =
  { kind: 'claimed'; claim: IdempotencyClaim } | ({ kind: 'replay' } & StoredResponse);

/** Hands each request's idempotency decision from the interceptor to the response hook. */
@Injectable()
export class IdempotentRequests {
  private readonly decisions = new WeakMap<object, IdempotentRequest>();

  /** Notes the decision taken for `request`. */
  note(request: object, decision: IdempotentRequest): void {
    this.decisions.set(request, decision);
  }

  /** The decision taken for `request`, if it went through the interceptor; forgotten once read. */
  take(request: object): IdempotentRequest | undefined {
    const decision = this.decisions.get(request);
    this.decisions.delete(request);
    return decision;
  }
}
