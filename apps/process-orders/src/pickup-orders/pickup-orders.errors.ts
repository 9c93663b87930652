import { DomainError } from '@omnigate/problems';

export class PickupOrderNotFound extends DomainError {
  readonly type = 'pickup-order-not-found';
  override readonly kind = 'not-found';
  constructor() {
    super('No pickup order has this id');
  }
}

export class PointsNeedMember extends DomainError {
  readonly type = 'points-need-member';
  override readonly kind = 'unprocessable';
  constructor() {
    super('Points can be redeemed only on an order with a loyalty member');
  }
}

export class PointsExceedOrderValue extends DomainError {
  readonly type = 'points-exceed-order-value';
  override readonly kind = 'unprocessable';
  override readonly extensions: Record<string, unknown>;
  constructor(maxPoints: number) {
    super('More points redeemed than the order is worth');
    this.extensions = { maxPoints };
  }
}

export class UnknownSkus extends DomainError {
  readonly type = 'unknown-sku';
  override readonly kind = 'unprocessable';
  override readonly extensions: Record<string, unknown>;
  constructor(skus: string[]) {
    super('Some SKUs are not sold at this store');
    this.extensions = { skus };
  }
}

export class PickListNotSent extends DomainError {
  readonly type = 'pick-list-not-sent';
  override readonly kind = 'conflict';
  override readonly retryAfterS = 5;
  constructor() {
    super('The store has not received the pick list of this order yet');
  }
}
