import { DomainError } from '@omnigate/problems';

/** No member has this number; the number is not repeated in the answer (it names a person). */
export class UnknownMember extends DomainError {
  readonly type = 'unknown-member';
  override readonly kind = 'not-found';
  constructor() {
    super('No loyalty member has this id');
  }
}

export class MemberSuspended extends DomainError {
  readonly type = 'member-suspended';
  override readonly kind = 'unprocessable';
  constructor() {
    super('The loyalty account is suspended');
  }
}
