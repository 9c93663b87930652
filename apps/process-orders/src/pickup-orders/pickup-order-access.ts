import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ORDER_ACCESS_TOKEN_PATTERN } from '@omnigate/contracts';
import type { PickupOrder } from './pickup-order';

/** Who an order belongs to, as kept on its row: the client app that placed it, its member, and a guest order's token digest; and its store. */
export type PickupOrderOwner = Pick<
  PickupOrder,
  'clientAppId' | 'storeId' | 'memberId' | 'accessTokenSha256'
>;

const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** A new guest order access token (256 random bits) and the digest kept in its place. */
export function issueOrderAccessToken(): { token: string; sha256: string } {
  const token = `pot_${randomBytes(32).toString('base64url')}`;
  return { token, sha256: sha256(token).toString('hex') };
}

function tokenMatches(presented: string | undefined, digestHex: string | null): boolean {
  if (digestHex === null || presented === undefined || !ORDER_ACCESS_TOKEN_PATTERN.test(presented))
    return false;
  return timingSafeEqual(sha256(presented), Buffer.from(digestHex, 'hex'));
}

/**
 * An order belongs to the client app that placed it; a guest order, which no member binding
 * protects, also to whoever holds its access token. A member's order is further checked at the
 * edge against the caller's member binding, which only the edge knows.
 */
export function mayReachOrder(
  owner: PickupOrderOwner,
  clientAppId: string,
  presentedToken: string | undefined,
): boolean {
  if (owner.clientAppId !== clientAppId) return false;
  return owner.memberId !== null || tokenMatches(presentedToken, owner.accessTokenSha256);
}
