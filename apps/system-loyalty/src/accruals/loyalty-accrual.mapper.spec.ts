import { toAccrualResult, toLoyaltyAccrualRequest } from './loyalty-accrual.mapper';

describe('loyalty accrual mapping', () => {
  it('sends the order reference only when there is one', () => {
    expect(toLoyaltyAccrualRequest({ reference: 'sale:1', points: 120 })).toEqual({
      reference: 'sale:1',
      points: 120,
    });
    expect(toLoyaltyAccrualRequest({ reference: 'sale:1', points: 120, orderReference: 'pu_1' })).toEqual({
      reference: 'sale:1',
      points: 120,
      orderReference: 'pu_1',
    });
  });

  it('answers a new accrual with the balance after it', () => {
    const result = toAccrualResult({
      transactionId: 'TX1',
      points: 120,
      balance: { availablePoints: 5520, pendingPoints: 0, lifetimePoints: 9000 },
    });

    expect(result).toEqual({
      transactionId: 'TX1',
      points: 120,
      availablePoints: 5520,
      alreadyRecorded: false,
    });
  });
});
