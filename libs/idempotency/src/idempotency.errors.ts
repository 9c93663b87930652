import { DomainError } from '@omnigate/problems';

/** A write endpoint was called without an `Idempotency-Key` header (400). */
export class IdempotencyKeyMissing extends DomainError {
  readonly type = 'idempotency-key-missing';
  override readonly kind = 'bad-request';
  constructor() {
    super('This endpoint requires an Idempotency-Key header');
  }
}

/** The `Idempotency-Key` header is not 1 to 255 printable ASCII characters (400). */
export class IdempotencyKeyInvalid extends DomainError {
  readonly type = 'idempotency-key-invalid';
  override readonly kind = 'bad-request';
  constructor() {
    super('The Idempotency-Key header must be 1 to 255 printable ASCII characters');
  }
}

/** The key was already used with a different request (422, as the IETF draft says). */
export class IdempotencyKeyReused extends DomainError {
  readonly type = 'idempotency-key-reused';
  override readonly kind = 'unprocessable';
  constructor() {
    super('This Idempotency-Key was used with a different request');
  }
}

/** A request with this key is still being processed (409); retry after it finishes. */
export class IdempotencyKeyInFlight extends DomainError {
  readonly type = 'idempotency-key-in-flight';
  override readonly kind = 'conflict';
  override readonly retryAfterS = 1;
  constructor() {
    super('A request with this Idempotency-Key is still being processed');
  }
}
