import type { TillRedemptionState } from '@omnigate/contracts';
import type { SharedInstance } from '@omnigate/workflow';

/** What a till redemption learns as it goes, kept in the shared instance tables' facts. */
export interface TillRedemptionFacts {
  points: number;
  /** What the points are worth at the till, in minor units of `currency`. */
  valueMinor: number;
  currency: string;
  /** The loyalty platform's redemption that holds the points. */
  loyaltyRedemptionId: string;
  /** Capture by; set once the points are held. */
  expiresAt: string;
  capturedAt: string;
  /** The key of the store sale that captured the hold, when a sale did. */
  capturedForSale: string;
  /** Set once the points of a voided or expired hold are given back. */
  pointsReleasedAt: string;
}

/**
 * A hold on a member's points at a store's till. Business keys: `storeId`, `memberId`, and when
 * the till gives them `registerId`, `reference`, `saleKey`.
 */
export type TillRedemption = SharedInstance<TillRedemptionState, TillRedemptionFacts>;

/** The loyalty platform's reference of a redemption's hold: derived from our id, so asking again finds the same hold. */
export const holdReferenceOf = (redemptionId: string): string => `till-${redemptionId}`;
