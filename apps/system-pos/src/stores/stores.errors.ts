import { DomainError } from '@omnigate/problems';

export class UnknownStore extends DomainError {
  readonly type = 'unknown-store';
  override readonly kind = 'not-found';
  override readonly extensions: Record<string, unknown>;
  constructor(readonly storeId: string) {
    super('No store has this id');
    this.extensions = { storeId };
  }
}
