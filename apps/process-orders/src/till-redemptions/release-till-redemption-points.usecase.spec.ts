import { jobCtx, storeCtx } from '../process-orders.fixture';
import {
  openTillRedemptionsFixture,
  TILL_MEMBER,
  TILL_STORE,
  type TillRedemptionsFixture,
} from './till-redemptions.fixture';

describe('ReleaseTillRedemptionPoints', () => {
  let fx: TillRedemptionsFixture;
  beforeAll(async () => {
    fx = await openTillRedemptionsFixture();
  });
  afterAll(() => fx.close());

  it("gives a voided hold's points back once, however often the job runs", async () => {
    const { redemptionId } = await fx.authorize.execute(storeCtx(TILL_STORE), {
      storeId: TILL_STORE,
      memberId: TILL_MEMBER,
      points: 60,
    });
    await fx.void.execute(storeCtx(TILL_STORE), { redemptionId, storeId: TILL_STORE });
    const balance = fx.loyalty.balances.get(TILL_MEMBER)!;

    await fx.releasePoints.execute(jobCtx(), { redemptionId });
    await fx.releasePoints.execute(jobCtx(), { redemptionId });

    expect(fx.loyalty.balances.get(TILL_MEMBER)).toBe(balance + 60);
    expect(fx.loyalty.calls.filter((c) => c === 'cancelRedemption')).toHaveLength(1);
    expect((await fx.redemptions.get(redemptionId)).facts.pointsReleasedAt).toBe(
      fx.clock.now().toISOString(),
    );
    expect((await fx.stepsOf(redemptionId)).filter((s) => s === 'points-released')).toHaveLength(1);
  });
});
