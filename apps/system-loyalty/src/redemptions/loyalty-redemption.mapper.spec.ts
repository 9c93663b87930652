import {
  toCancellationResult,
  toLoyaltyRedemptionRequest,
  toRedemptionResult,
} from './loyalty-redemption.mapper';

const balance = { availablePoints: 4900, pendingPoints: 0, lifetimePoints: 9000 };

describe('loyalty redemption mapping', () => {
  it('sends our reference as the platform duplicate key', () => {
    expect(toLoyaltyRedemptionRequest({ reference: 'hold_01', points: 500 })).toEqual({
      reference: 'hold_01',
      points: 500,
    });
  });

  it('answers a new redemption with the balance left', () => {
    expect(toRedemptionResult({ redemptionId: 'RD1', points: 500, status: 'COMPLETED', balance })).toEqual({
      redemptionId: 'RD1',
      points: 500,
      availablePoints: 4900,
      status: 'COMPLETED',
      alreadyRecorded: false,
    });
  });

  it('answers a cancellation with the balance after the points came back', () => {
    expect(toCancellationResult({ redemptionId: 'RD1', status: 'CANCELLED', balance })).toEqual({
      redemptionId: 'RD1',
      status: 'CANCELLED',
      availablePoints: 4900,
      alreadyCancelled: false,
    });
  });
});
