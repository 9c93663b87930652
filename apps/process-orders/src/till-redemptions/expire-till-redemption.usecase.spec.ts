import { jobCtx, storeCtx } from '../process-orders.fixture';
import {
  openTillRedemptionsFixture,
  TILL_MEMBER,
  TILL_STORE,
  type TillRedemptionsFixture,
} from './till-redemptions.fixture';

describe('ExpireTillRedemption', () => {
  let fx: TillRedemptionsFixture;
  beforeAll(async () => {
    fx = await openTillRedemptionsFixture();
  });
  afterAll(() => fx.close());

  const authorized = async () =>
    (
      await fx.authorize.execute(storeCtx(TILL_STORE), {
        storeId: TILL_STORE,
        memberId: TILL_MEMBER,
        points: 40,
      })
    ).redemptionId;

  it('expires a hold still AUTHORIZED, with the release job written in the move', async () => {
    const redemptionId = await authorized();
    await fx.expire.execute(jobCtx(), { redemptionId });
    expect((await fx.redemptions.get(redemptionId)).state).toBe('EXPIRED');
    expect((await fx.stepsOf(redemptionId)).at(-1)).toBe('expired');
    expect(await fx.jobsOf(redemptionId, 'releasePoints')).toBe(1);
  });

  it('leaves a hold captured since as it is', async () => {
    const redemptionId = await authorized();
    await fx.capture.execute(storeCtx(TILL_STORE), { redemptionId, storeId: TILL_STORE });
    await fx.expire.execute(jobCtx(), { redemptionId });
    expect((await fx.redemptions.get(redemptionId)).state).toBe('CAPTURED');
    expect(await fx.jobsOf(redemptionId, 'releasePoints')).toBe(0);
  });
});
