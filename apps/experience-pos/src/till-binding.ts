import { type Principal, StoreNotPermitted } from '@omnigate/auth';
import { DomainError } from '@omnigate/problems';

export class RegisterNotPermitted extends DomainError {
  readonly type = 'register-not-permitted';
  override readonly kind = 'forbidden';
  constructor() {
    super('These credentials may not act for this register');
  }
}

/**
 * A key bound to a device (a register) acts for that register only: a `registerId` naming another
 * is refused. A store's server key, bound to no device, acts for every register of its store.
 */
export function assertRegisterOf(principal: Principal, registerId: unknown): void {
  if (principal.deviceId !== undefined && typeof registerId === 'string' && registerId !== principal.deviceId)
    throw new RegisterNotPermitted();
}

/**
 * The register a request acts for: the one it names, which a device's key must name as its own
 * ({@link assertRegisterOf}), or else the device's own register.
 */
export function registerActingFor(principal: Principal, registerId: string | undefined): string | undefined {
  assertRegisterOf(principal, registerId);
  return registerId ?? principal.deviceId;
}

/**
 * A POS key posts sales of its own store only, and a key bound to a device those of its register
 * only; one sale naming another refuses the whole batch, before anything is sent on. A sale with no
 * usable store or register is left to process-orders, which refuses it alone.
 */
export function assertTillMayPost(principal: Principal, sales: Record<string, unknown>[]): void {
  for (const sale of sales) {
    if (
      principal.storeId !== undefined &&
      typeof sale.storeId === 'string' &&
      sale.storeId !== principal.storeId
    )
      throw new StoreNotPermitted();
    assertRegisterOf(principal, sale.registerId);
  }
}
