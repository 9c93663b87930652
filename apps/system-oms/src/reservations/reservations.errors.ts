import { DomainError } from '@omnigate/problems';

export class InsufficientStock extends DomainError {
  readonly type = 'insufficient-stock';
  override readonly kind = 'conflict';
  override readonly extensions: Record<string, unknown>;
  constructor(
    readonly sku: string,
    readonly storeId: string,
    available?: number,
  ) {
    super('Not enough stock at the store');
    this.extensions = { sku, storeId, ...(available !== undefined && { available }) };
  }
}

export class UnknownReservation extends DomainError {
  readonly type = 'unknown-reservation';
  override readonly kind = 'not-found';
  override readonly extensions: Record<string, unknown>;
  constructor(readonly reservationId: string) {
    super('No reservation has this id');
    this.extensions = { reservationId };
  }
}

/** The reservation was released, consumed or expired, so it can no longer move the way asked. */
export class ReservationNotActive extends DomainError {
  readonly type = 'reservation-not-active';
  override readonly kind = 'conflict';
  override readonly extensions: Record<string, unknown>;
  constructor(
    readonly reservationId: string,
    status?: string,
  ) {
    super('The reservation no longer holds stock');
    this.extensions = { reservationId, ...(status !== undefined && { reservationStatus: status }) };
  }
}

export class UnknownStore extends DomainError {
  readonly type = 'unknown-store';
  override readonly kind = 'unprocessable';
  override readonly extensions: Record<string, unknown>;
  constructor(readonly storeId: string) {
    super('The OMS knows no store with this id');
    this.extensions = { storeId };
  }
}

export class UnknownSku extends DomainError {
  readonly type = 'unknown-sku';
  override readonly kind = 'unprocessable';
  override readonly extensions: Record<string, unknown>;
  constructor(readonly sku: string) {
    super('The OMS knows no product with this SKU');
    this.extensions = { sku };
  }
}

/** The OMS found the reservation invalid (an expiry already past, by its clock). */
export class InvalidReservation extends DomainError {
  readonly type = 'invalid-reservation';
  override readonly kind = 'unprocessable';
  override readonly extensions: Record<string, unknown>;
  constructor(reason: string) {
    super('The OMS refused the reservation as invalid');
    this.extensions = { reason };
  }
}
