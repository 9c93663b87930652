import { type Principal, StoreNotPermitted } from '@omnigate/auth';
import { DomainError } from '@omnigate/problems';

export class RegisterNotPermitted extends DomainError {
  readonly type = 'register-not-permitted';
  override readonly kind = 'forbidden';
  constructor() {
    super('These credentials may not post for this register');
  }
}

/**
 * A POS key posts sales of its own store only, and a key bound to a device (a register) those of
 * that register only; one sale naming another refuses the whole batch, before anything is sent on.
 * A sale with no usable store or register is left to process-orders, which refuses it alone.
 */
export function assertTillMayPost(principal: Principal, sales: Record<string, unknown>[]): void {
  for (const sale of sales) {
    if (
      principal.storeId !== undefined &&
      typeof sale.storeId === 'string' &&
      sale.storeId !== principal.storeId
    )
      throw new StoreNotPermitted();
    if (
      principal.deviceId !== undefined &&
      typeof sale.registerId === 'string' &&
      sale.registerId !== principal.deviceId
    )
      throw new RegisterNotPermitted();
  }
}
