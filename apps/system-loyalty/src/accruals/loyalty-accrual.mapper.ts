import type { LoyaltyBalance } from '../loyalty/loyalty-api';
import type { PointsAccrualDto, PointsAccrualResultDto } from '@omnigate/contracts';

/** The platform's accrual request. */
export interface LoyaltyAccrualRequest {
  reference: string;
  points: number;
  orderReference?: string;
}

/** The platform's answer to a new accrual. */
export interface LoyaltyAccrualAnswer {
  transactionId: string;
  points: number;
  balance: LoyaltyBalance;
}

/** Turns our accrual into the platform's request; our reference is its duplicate key. */
export function toLoyaltyAccrualRequest(accrual: PointsAccrualDto): LoyaltyAccrualRequest {
  return {
    reference: accrual.reference,
    points: accrual.points,
    ...(accrual.orderReference !== undefined && { orderReference: accrual.orderReference }),
  };
}

/** Turns the platform's answer to a new accrual into ours. */
export function toAccrualResult(answer: LoyaltyAccrualAnswer): PointsAccrualResultDto {
  return {
    transactionId: answer.transactionId,
    points: answer.points,
    availablePoints: answer.balance.availablePoints,
    alreadyRecorded: false,
  };
}
