import { DomainError } from '@omnigate/problems';

export class UnknownSku extends DomainError {
  readonly type = 'unknown-sku';
  override readonly kind = 'not-found';
  constructor(readonly sku: string) {
    super('No product has this SKU');
  }
}
