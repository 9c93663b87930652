import { DomainError } from '@omnigate/problems';

export class TillRedemptionNotFound extends DomainError {
  readonly type = 'till-redemption-not-found';
  override readonly kind = 'not-found';
  constructor() {
    super('No till redemption has this id');
  }
}

/** The register named is not one of the store's. */
export class UnknownRegister extends DomainError {
  readonly type = 'unknown-register';
  override readonly kind = 'unprocessable';
  override readonly extensions: Record<string, unknown>;
  constructor(registerId: string) {
    super('The store has no register with this id');
    this.extensions = { registerId };
  }
}
