import type { LoyaltyTransactionDto, LoyaltyTransactionKind } from '@omnigate/contracts';

/** A transaction as the platform's `GET transactions` lists it. */
export interface LoyaltyTransactionEntity {
  transactionId: string;
  memberNumber: string;
  kind: 'ACCRUAL' | 'ACCRUAL_REVERSAL' | 'REDEMPTION' | 'REDEMPTION_CANCEL';
  points: number;
  reference: string;
  orderReference?: string;
  createdAt: string;
}

const KINDS: Record<LoyaltyTransactionEntity['kind'], LoyaltyTransactionKind> = {
  ACCRUAL: 'accrual',
  ACCRUAL_REVERSAL: 'accrual-reversal',
  REDEMPTION: 'redemption',
  REDEMPTION_CANCEL: 'redemption-cancel',
};

/** The platform's transaction in canonical words; a reversal's `orderReference` is the accrual it takes back. */
export function toLoyaltyTransaction(entity: LoyaltyTransactionEntity): LoyaltyTransactionDto {
  return {
    transactionId: entity.transactionId,
    memberId: entity.memberNumber,
    kind: KINDS[entity.kind],
    points: entity.points,
    reference: entity.reference,
    ...(entity.kind === 'ACCRUAL_REVERSAL' &&
      entity.orderReference && { accrualReference: entity.orderReference }),
    occurredAt: entity.createdAt,
  };
}
