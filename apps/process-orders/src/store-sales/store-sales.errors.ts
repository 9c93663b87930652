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

/**
 * A single sale (not a backlog) under a key another sale already holds with other content: refused
 * whole, and the submission kept for operators. In a batch the same refusal is that sale's answer.
 */
export class SaleKeyConflict extends DomainError {
  readonly type = 'sale-key-conflict';
  override readonly kind = 'conflict';
  override readonly extensions: Record<string, unknown>;
  constructor(saleKey: string) {
    super('Another sale was already accepted under this key');
    this.extensions = { saleKey };
  }
}
