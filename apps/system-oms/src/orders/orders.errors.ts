import { DomainError } from '@omnigate/problems';

export class UnknownOrder extends DomainError {
  readonly type = 'unknown-order';
  override readonly kind = 'not-found';
  override readonly extensions: Record<string, unknown>;
  constructor(readonly omsOrderId: string) {
    super('No OMS order has this id');
    this.extensions = { omsOrderId };
  }
}

/** The OMS's order lifecycle (CREATED -> READY -> COLLECTED, cancellable until collected) refused the move. */
export class IllegalOrderTransition extends DomainError {
  readonly type = 'illegal-order-transition';
  override readonly kind = 'conflict';
  override readonly extensions: Record<string, unknown>;
  constructor(
    readonly omsOrderId: string,
    from: string | undefined,
    to: string,
  ) {
    super('The order cannot move to this status from the one it has');
    this.extensions = { omsOrderId, ...(from !== undefined && { from }), to };
  }
}

/** A collected or cancelled order gets no pick list. */
export class OrderClosed extends DomainError {
  readonly type = 'order-closed';
  override readonly kind = 'conflict';
  override readonly extensions: Record<string, unknown>;
  constructor(
    readonly omsOrderId: string,
    status: string | undefined,
  ) {
    super('The order is already collected or cancelled');
    this.extensions = { omsOrderId, ...(status !== undefined && { orderStatus: status }) };
  }
}

/** The OMS found the order invalid in a way this API's validation did not catch. */
export class InvalidOrder extends DomainError {
  readonly type = 'invalid-order';
  override readonly kind = 'unprocessable';
  override readonly extensions: Record<string, unknown>;
  constructor(reason: string) {
    super('The OMS refused the order as invalid');
    this.extensions = { reason };
  }
}
