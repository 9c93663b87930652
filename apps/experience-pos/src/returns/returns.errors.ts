import { DomainError } from '@omnigate/problems';

/** No return has this id, or it was taken at another store than the device's. */
export class ReturnNotFound extends DomainError {
  readonly type = 'return-not-found';
  override readonly kind = 'not-found';
  constructor() {
    super('No return has this id');
  }
}
