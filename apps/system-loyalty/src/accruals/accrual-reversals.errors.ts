import { DomainError } from '@omnigate/problems';

/** No accrual was booked under this reference. */
export class UnknownAccrual extends DomainError {
  readonly type = 'unknown-accrual';
  override readonly kind = 'not-found';
  constructor() {
    super('No accrual has this reference');
  }
}

/** The reversal asks for more points than the accrual has left unreversed. */
export class ReversalExceedsAccrual extends DomainError {
  readonly type = 'reversal-exceeds-accrual';
  override readonly kind = 'unprocessable';
  override readonly extensions: Record<string, unknown>;
  constructor(remainingPoints?: number) {
    super('The accrual has fewer points left to reverse than asked for');
    this.extensions = remainingPoints === undefined ? {} : { remainingPoints };
  }
}

/** The reversal reference was first used for another accrual or another number of points. */
export class ReversalReferenceInUse extends DomainError {
  readonly type = 'reversal-reference-in-use';
  override readonly kind = 'conflict';
  constructor() {
    super('This reference already names another reversal');
  }
}
