import type { FastifyRequest } from 'fastify';
import { MemberCredentialRequired, MemberNotPermitted, StoreNotPermitted } from './auth.errors';
import type { OwnedField } from './ownership.decorators';
import type { Principal } from './principal';

/** Throws {@link StoreNotPermitted} when a store-bound principal addresses another store; unbound principals pass. */
export function assertStorePermitted(principal: Principal, storeId: string): void {
  if (principal.storeId !== undefined && principal.storeId !== storeId) throw new StoreNotPermitted();
}

/**
 * Lets a principal act for a loyalty member only when bound to that member (a shopper's token) or
 * when its client app is a trusted server. A channel key identifies an app held by browsers and
 * phones, never a shopper, so an unbound principal of any other app is refused
 * ({@link MemberCredentialRequired}); one bound to another member likewise ({@link MemberNotPermitted}).
 */
export function assertMemberPermitted(principal: Principal, memberId: string): void {
  // A member binding narrows even a trusted server's token to that member.
  if (principal.memberId !== undefined) {
    if (principal.memberId !== memberId) throw new MemberNotPermitted();
    return;
  }
  if (principal.trustedServer !== true) throw new MemberCredentialRequired();
}

/** Every id the request carries in an owned field: one value, an array, or a comma-separated list (`?storeIds=a,b`). */
export function ownedIds(request: FastifyRequest, owned: OwnedField): string[] {
  const source = request[owned.in] as Record<string, unknown> | undefined;
  const raw = source?.[owned.field];
  const values = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  return values
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
