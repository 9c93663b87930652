import type { LoyaltyBalance } from '../loyalty/loyalty-api';
import type {
  PointsRedemptionDto,
  PointsRedemptionResultDto,
  RedemptionCancellationDto,
} from '@omnigate/contracts';

/** The platform's redemption request. */
export interface LoyaltyRedemptionRequest {
  reference: string;
  points: number;
}

/** The platform's answer to a new redemption. */
export interface LoyaltyRedemptionAnswer {
  redemptionId: string;
  points: number;
  status: 'COMPLETED';
  balance: LoyaltyBalance;
}

/** A redemption as the platform stores it. */
export interface LoyaltyRedemption {
  redemptionId: string;
  memberNumber: string;
  reference: string;
  points: number;
  status: 'COMPLETED' | 'CANCELLED';
  createdAt: string;
  cancelledAt?: string;
}

/** The platform's answer to a cancellation. */
export interface LoyaltyCancellationAnswer {
  redemptionId: string;
  status: 'CANCELLED';
  balance: LoyaltyBalance;
}

/** Turns our redemption into the platform's request; our reference is its duplicate key. */
export function toLoyaltyRedemptionRequest(redemption: PointsRedemptionDto): LoyaltyRedemptionRequest {
  return { reference: redemption.reference, points: redemption.points };
}

/** Turns the platform's answer to a new redemption into ours. */
export function toRedemptionResult(answer: LoyaltyRedemptionAnswer): PointsRedemptionResultDto {
  return {
    redemptionId: answer.redemptionId,
    points: answer.points,
    availablePoints: answer.balance.availablePoints,
    status: answer.status,
    alreadyRecorded: false,
  };
}

/** Turns the redemption an earlier call made, and the balance now, into the answer to a repeat. */
export function toRepeatedRedemptionResult(
  existing: LoyaltyRedemption,
  availablePoints: number,
): PointsRedemptionResultDto {
  return {
    redemptionId: existing.redemptionId,
    points: existing.points,
    availablePoints,
    status: existing.status,
    alreadyRecorded: true,
  };
}

/** Turns the platform's answer to a cancellation into ours. */
export function toCancellationResult(answer: LoyaltyCancellationAnswer): RedemptionCancellationDto {
  return {
    redemptionId: answer.redemptionId,
    status: 'CANCELLED',
    availablePoints: answer.balance.availablePoints,
    alreadyCancelled: false,
  };
}
