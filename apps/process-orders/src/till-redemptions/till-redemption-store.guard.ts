import { TILL_REDEMPTION_ID_PATTERN } from '@omnigate/contracts';
import { StoreBoundGuard } from '@omnigate/workflow';
import { TILL_REDEMPTIONS } from './till-redemption.workflow';

/** A till captures or voids a redemption only at the redemption's store, refused before idempotency records anything. */
export const TillRedemptionStoreGuard = StoreBoundGuard(
  TILL_REDEMPTIONS,
  'redemptionId',
  TILL_REDEMPTION_ID_PATTERN,
);
