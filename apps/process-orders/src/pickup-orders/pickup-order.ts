import type { PickupOrderState } from '@omnigate/contracts';

/** One line of a pickup order, priced at placement. */
export interface PickupOrderLine {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
}

/** A pickup order as the workflow keeps it. */
export interface PickupOrder {
  orderId: string;
  state: PickupOrderState;
  storeId: string;
  memberId: string | null;
  clientAppId: string;
  lines: PickupOrderLine[];
  currency: string;
  subtotalMinor: number;
  pointsRedeemed: number;
  totalMinor: number;
  reservationId: string | null;
  redemptionId: string | null;
  omsOrderId: string | null;
  pickListId: string | null;
  accruedPoints: number | null;
  /** Hex SHA-256 of a guest order's access token (never the token); null for a member's order. */
  accessTokenSha256: string | null;
  pickupExpiresAt: string;
  createdAt: string;
  version: number;
}
