import { DomainError, type DomainErrorKind } from '@omnigate/problems';

/**
 * The queues are the ERP postings' and those of every registered workflow, so a new workflow's appear
 * by themselves. A 400 where the queue picks what to act on, a 404 where it is the resource itself (its pause).
 */
export class UnknownQueue extends DomainError {
  readonly type = 'unknown-queue';
  override readonly extensions: Record<string, unknown>;
  constructor(
    queues: string[],
    override readonly kind: DomainErrorKind = 'bad-request',
  ) {
    super('No queue has this name');
    this.extensions = { queues };
  }
}

export class DeadLetterNotFound extends DomainError {
  readonly type = 'dead-letter-not-found';
  override readonly kind = 'not-found';
}

/** A replay into an ERP that refuses work would only dead-letter again (or burn the budget): it waits for the breaker to close. */
export class ErpBreakerOpen extends DomainError {
  readonly type = 'erp-breaker-open';
  override readonly kind = 'conflict';
  override readonly retryAfterS: number;
  override readonly extensions: Record<string, unknown>;
  constructor(unavailableForMs: number, lastRefusal: string | null) {
    super('The ERP refuses work right now; replay ERP postings once it takes them again');
    this.retryAfterS = Math.max(1, Math.ceil(unavailableForMs / 1000));
    this.extensions = { retryAfterS: this.retryAfterS, ...(lastRefusal && { lastRefusal }) };
  }
}

export class FlowNotFound extends DomainError {
  readonly type = 'flow-not-found';
  override readonly kind = 'not-found';
}
