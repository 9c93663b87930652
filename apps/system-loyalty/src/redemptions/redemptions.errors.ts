import { DomainError } from '@omnigate/problems';

export class InsufficientPoints extends DomainError {
  readonly type = 'insufficient-points';
  override readonly kind = 'unprocessable';
  override readonly extensions: Record<string, unknown>;
  constructor(availablePoints?: number) {
    super('The member has fewer points available than asked for');
    this.extensions = availablePoints === undefined ? {} : { availablePoints };
  }
}

export class UnknownRedemption extends DomainError {
  readonly type = 'unknown-redemption';
  override readonly kind = 'not-found';
  override readonly extensions: Record<string, unknown>;
  constructor(readonly redemptionId: string) {
    super('No redemption has this id');
    this.extensions = { redemptionId };
  }
}

/** The platform's duplicate keys span all members: the reference was first used on another member's account. */
export class ReferenceUsedByAnotherMember extends DomainError {
  readonly type = 'reference-in-use';
  override readonly kind = 'conflict';
  constructor() {
    super("This reference already names another member's redemption");
  }
}
