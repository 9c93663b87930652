import type { AccrualReversalDto, AccrualReversalResultDto } from '@omnigate/contracts';
import type { LoyaltyBalance } from '../loyalty/loyalty-api';

/** The platform's answer to a new reversal. */
export interface LoyaltyReversalAnswer {
  transactionId: string;
  accrualReference: string;
  points: number;
  remainingPoints: number;
  balance: LoyaltyBalance;
}

/** The platform's duplicate answer: the reversal booked first under the reference. */
export interface LoyaltyDuplicateReversal {
  transactionId: string;
  accrualReference: string;
  points: number;
  memberNumber: string;
  remainingPoints: number;
}

/** Turns our reversal into the platform's request; our reference is its duplicate key. */
export function toLoyaltyReversalRequest(reversal: AccrualReversalDto): {
  reference: string;
  points: number;
} {
  return { reference: reversal.reference, points: reversal.points };
}

/** Turns the platform's answer to a new reversal into ours. */
export function toReversalResult(answer: LoyaltyReversalAnswer): AccrualReversalResultDto {
  return {
    transactionId: answer.transactionId,
    accrualReference: answer.accrualReference,
    points: answer.points,
    remainingPoints: answer.remainingPoints,
    availablePoints: answer.balance.availablePoints,
    alreadyRecorded: false,
  };
}

/** Turns the platform's duplicate answer into ours, with the member's balance read since. */
export function toRepeatedReversalResult(
  existing: LoyaltyDuplicateReversal,
  availablePoints: number,
): AccrualReversalResultDto {
  return {
    transactionId: existing.transactionId,
    accrualReference: existing.accrualReference,
    points: existing.points,
    remainingPoints: existing.remainingPoints,
    availablePoints,
    alreadyRecorded: true,
  };
}
