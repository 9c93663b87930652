import { DomainError } from '@omnigate/problems';

/** A SKU the catalogue does not hold. */
export class UnknownSku extends DomainError {
  readonly type = 'unknown-sku';
  override readonly kind = 'not-found';
  override readonly extensions: Record<string, unknown>;
  constructor(sku: string) {
    super('No product has this SKU');
    this.extensions = { sku };
  }
}
