import { DomainError } from '@omnigate/problems';

/** A store id that names no store of the network. */
export class UnknownStore extends DomainError {
  readonly type = 'unknown-store';
  override readonly kind = 'not-found';
  override readonly extensions: Record<string, unknown>;
  constructor(storeIds: string[]) {
    super('No store has this id');
    this.extensions = { storeIds };
  }
}
