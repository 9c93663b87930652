import { DomainError } from '@omnigate/problems';

/** No return has this id, or it is another member's and the token is that member's. */
export class ReturnNotFound extends DomainError {
  readonly type = 'return-not-found';
  override readonly kind = 'not-found';
  constructor() {
    super('No return has this id');
  }
}
