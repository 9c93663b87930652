import { DomainError } from '@omnigate/problems';

export class ReturnNotFound extends DomainError {
  readonly type = 'return-not-found';
  override readonly kind = 'not-found';
  constructor() {
    super('No return has this id');
  }
}

export class ReceiptReferenceInvalid extends DomainError {
  readonly type = 'return-receipt-reference-invalid';
  override readonly kind = 'unprocessable';
  constructor() {
    super('A return names exactly one receipt: a saleKey or an orderId');
  }
}

export class UnknownPurchaseReceipt extends DomainError {
  readonly type = 'unknown-purchase-receipt';
  override readonly kind = 'unprocessable';
  constructor() {
    super('No store sale or collected pickup order has this reference');
  }
}

/** The purchase's points are not booked yet (moments after the sale or collection): try again shortly (409, Retry-After). */
export class PurchaseStillSettling extends DomainError {
  readonly type = 'purchase-still-settling';
  override readonly kind = 'conflict';
  override readonly retryAfterS = 2;
  constructor() {
    super(
      'The points this purchase earned are not booked yet; a return could not reverse them. Try again in a moment',
    );
  }
}

export class UnknownReceiptLine extends DomainError {
  readonly type = 'unknown-receipt-line';
  override readonly kind = 'unprocessable';
  override readonly extensions: Record<string, unknown>;
  constructor(lineNumbers: number[]) {
    super('The receipt has no such line');
    this.extensions = { lineNumbers };
  }
}

export class ReturnWindowClosed extends DomainError {
  readonly type = 'return-window-closed';
  override readonly kind = 'unprocessable';
  override readonly extensions: Record<string, unknown>;
  constructor(returnableUntil: string) {
    super('The purchase is older than the return window of its channel');
    this.extensions = { returnableUntil };
  }
}

export class ReturnQuantityExceeded extends DomainError {
  readonly type = 'return-quantity-exceeded';
  override readonly kind = 'unprocessable';
  override readonly extensions: Record<string, unknown>;
  constructor(lineNumber: number, returnable: number) {
    super('More units than the receipt has left to return');
    this.extensions = { lineNumber, returnable };
  }
}

export class ItemNotReturnable extends DomainError {
  readonly type = 'item-not-returnable';
  override readonly kind = 'unprocessable';
  override readonly extensions: Record<string, unknown>;
  constructor(skus: string[]) {
    super('Final-sale items are not taken back');
    this.extensions = { skus };
  }
}

export class ReturnAtOriginalStoreOnly extends DomainError {
  readonly type = 'return-at-original-store-only';
  override readonly kind = 'unprocessable';
  override readonly extensions: Record<string, unknown>;
  constructor(storeId: string) {
    super('Returns are taken only at the store of the purchase');
    this.extensions = { storeId };
  }
}
