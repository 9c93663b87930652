import type { FastifyRequest } from 'fastify';
import { MemberNotPermitted, StoreNotPermitted } from './auth.errors';
import type { OwnedField } from './ownership.decorators';
import type { Principal } from './principal';

/** Throws {@link StoreNotPermitted} when a store-bound principal addresses another store; unbound principals pass. */
export function assertStorePermitted(principal: Principal, storeId: string): void {
  if (principal.storeId !== undefined && principal.storeId !== storeId) throw new StoreNotPermitted();
}

/** Throws {@link MemberNotPermitted} when a member-bound principal addresses another member; unbound principals pass. */
export function assertMemberPermitted(principal: Principal, memberId: string): void {
  if (principal.memberId !== undefined && principal.memberId !== memberId) throw new MemberNotPermitted();
}

/** Every id the request carries in an owned field: one value, an array, or a comma-separated list (`?storeIds=a,b`). */
export function ownedIds(request: FastifyRequest, owned: OwnedField): string[] {
  const source = request[owned.in] as Record<string, unknown> | undefined;
  const raw = source?.[owned.field];
  const values = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  return values.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter((v) => v !== '');
}
