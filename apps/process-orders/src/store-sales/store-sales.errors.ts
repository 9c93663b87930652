import { DomainError } from '@omnigate/problems';

export class StoreSaleNotFound extends DomainError {
  readonly type = 'store-sale-not-found';
  override readonly kind = 'not-found';
  constructor() {
    super('No store sale has this id');
  }
}

export class SalesJournalNotFound extends DomainError {
  readonly type = 'sales-journal-not-found';
  override readonly kind = 'not-found';
  constructor() {
    super('No sales journal has this id');
  }
}
