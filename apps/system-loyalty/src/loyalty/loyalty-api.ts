import { UpstreamError } from '@omnigate/problems';
import type { BackendResponse } from '@omnigate/http-client';

/** The platform's error body; messages may name the member, so only the code travels further. */
export interface LoyaltyErrorBody {
  errorCode: string;
  message?: string;
  transactionId?: string;
  redemptionId?: string;
  availablePoints?: number;
}

/** A member's points as the platform reports them after any read or write. */
export interface LoyaltyBalance {
  availablePoints: number;
  pendingPoints: number;
  lifetimePoints: number;
}

/** The platform's refusal codes this app turns into outcomes. */
export const LOYALTY_ERROR = {
  memberNotFound: 'MEMBER_NOT_FOUND',
  memberSuspended: 'MEMBER_SUSPENDED',
  insufficientPoints: 'INSUFFICIENT_POINTS',
  duplicateReference: 'DUPLICATE_REFERENCE',
  alreadyCancelled: 'ALREADY_CANCELLED',
  redemptionNotFound: 'REDEMPTION_NOT_FOUND',
} as const;

/** The error code of a refusal, or undefined when the body is not the platform's error shape. */
export function loyaltyErrorCode(response: BackendResponse<unknown>): string | undefined {
  const code = (response.data as Partial<LoyaltyErrorBody> | undefined)?.errorCode;
  return typeof code === 'string' ? code : undefined;
}

/** A refusal this app has no outcome for: reported as the platform rejecting the call. */
export function unexpectedLoyaltyRefusal(
  operation: string,
  response: BackendResponse<unknown>,
): UpstreamError {
  const errorCode = loyaltyErrorCode(response);
  return new UpstreamError(
    'loyalty',
    operation,
    'rejected',
    `refused with ${response.status} ${errorCode ?? ''}`.trim(),
    response.status,
  );
}
