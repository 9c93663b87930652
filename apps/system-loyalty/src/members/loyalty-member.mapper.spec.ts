import { type LoyaltyMemberAnswer, toLoyaltyAccount } from './loyalty-member.mapper';

const answer: LoyaltyMemberAnswer = {
  member: {
    memberNumber: '6041234567890',
    firstName: 'Priya',
    lastName: 'Patel',
    email: 'priya.patel12@example.com',
    tier: 'GOLD',
    status: 'ACTIVE',
    enrolledAt: '2019-04-02T10:00:00.000Z',
  },
  balance: { availablePoints: 5400, pendingPoints: 300, lifetimePoints: 18000 },
};

describe('toLoyaltyAccount', () => {
  it('keeps balance, tier, status and activity', () => {
    const account = toLoyaltyAccount(answer, [
      {
        transactionId: 'TX1',
        kind: 'REDEMPTION',
        points: 500,
        reference: 'hold_1',
        createdAt: '2026-11-20T17:04:00.000Z',
      },
    ]);

    expect(account).toEqual({
      memberId: '6041234567890',
      tier: 'GOLD',
      status: 'ACTIVE',
      availablePoints: 5400,
      pendingPoints: 300,
      recentActivity: [
        { activityId: 'TX1', kind: 'REDEMPTION', points: 500, occurredAt: '2026-11-20T17:04:00.000Z' },
      ],
    });
  });

  it('carries no name or email of the member', () => {
    const serialized = JSON.stringify(toLoyaltyAccount(answer, []));

    expect(serialized).not.toMatch(/Priya|Patel|example\.com/);
  });
});
