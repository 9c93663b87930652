import { jobCtx } from '../process-orders.fixture';
import { openReturnsFixture, RETURN_MEMBER, type ReturnsFixture } from './returns.fixture';

describe('SettleReturnPoints', () => {
  let fx: ReturnsFixture;
  beforeAll(async () => {
    fx = await openReturnsFixture();
  });
  afterAll(() => fx.close());

  it('gives back the redeemed points and takes back the points the purchase earned, once each', async () => {
    await fx.loyalty.accrue(RETURN_MEMBER, 'accrual-sale_1', 30);
    await fx.seed('ret_points_ok', {
      memberId: RETURN_MEMBER,
      pointsRefunded: 200,
      pointsReversed: 12,
      accrualReference: 'accrual-sale_1',
    });
    const balance = fx.loyalty.balances.get(RETURN_MEMBER)!;

    await fx.settlePoints.execute(jobCtx(), { returnId: 'ret_points_ok' });
    await fx.settlePoints.execute(jobCtx(), { returnId: 'ret_points_ok' });

    expect(fx.loyalty.balances.get(RETURN_MEMBER)).toBe(balance + 200 - 12);
    expect(fx.loyalty.accruals.get('accrual-sale_1')).toMatchObject({ reversed: 12 });
    const { facts } = await fx.returns.get('ret_points_ok');
    expect(facts).toMatchObject({
      pointsRefundTransactionId: expect.any(String),
      accrualReversalTransactionId: expect.any(String),
    });
    expect(await fx.stepsOf('ret_points_ok')).toEqual(['points-refunded', 'accrual-reversed']);
  });

  it("settles nothing for a guest's return", async () => {
    await fx.seed('ret_points_guest', { pointsRefunded: 0 });
    const calls = fx.loyalty.calls.length;
    await fx.settlePoints.execute(jobCtx(), { returnId: 'ret_points_guest' });
    expect(fx.loyalty.calls.length).toBe(calls);
  });
});
