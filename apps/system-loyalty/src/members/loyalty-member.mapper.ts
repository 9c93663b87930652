import type { LoyaltyAccount, LoyaltyActivity } from '@omnigate/contracts';
import type { LoyaltyBalance } from '../loyalty/loyalty-api';

/** The platform's member answer; the profile's name and email are read past, never kept. */
export interface LoyaltyMemberAnswer {
  member: {
    memberNumber: string;
    tier: string;
    status: string;
    enrolledAt: string;
    firstName?: string;
    lastName?: string;
    email?: string;
  };
  balance: LoyaltyBalance;
}

/** One movement on the platform's points ledger; points are always positive, the kind gives the direction. */
export interface LoyaltyTransaction {
  transactionId: string;
  kind: 'ACCRUAL' | 'REDEMPTION' | 'REDEMPTION_CANCEL';
  points: number;
  reference: string;
  createdAt: string;
}

/** The platform's transaction list, newest first. */
export interface LoyaltyTransactionList {
  items: LoyaltyTransaction[];
}

/** Turns a ledger movement into canonical activity. */
export function toLoyaltyActivity(transaction: LoyaltyTransaction): LoyaltyActivity {
  return {
    activityId: transaction.transactionId,
    kind: transaction.kind,
    points: transaction.points,
    occurredAt: transaction.createdAt,
  };
}

/** Turns the member answer and their latest movements into the canonical account, without personal data. */
export function toLoyaltyAccount(
  answer: LoyaltyMemberAnswer,
  transactions: LoyaltyTransaction[],
): LoyaltyAccount {
  return {
    memberId: answer.member.memberNumber,
    tier: answer.member.tier,
    status: answer.member.status,
    availablePoints: answer.balance.availablePoints,
    pendingPoints: answer.balance.pendingPoints,
    recentActivity: transactions.map(toLoyaltyActivity),
  };
}
