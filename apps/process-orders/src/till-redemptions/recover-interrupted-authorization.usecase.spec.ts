import { jobCtx, storeCtx } from '../process-orders.fixture';
import { holdReferenceOf } from './till-redemption';
import {
  openTillRedemptionsFixture,
  TILL_MEMBER,
  TILL_STORE,
  type TillRedemptionsFixture,
} from './till-redemptions.fixture';

describe('RecoverInterruptedAuthorization', () => {
  let fx: TillRedemptionsFixture;
  beforeAll(async () => {
    fx = await openTillRedemptionsFixture();
  });
  afterAll(() => fx.close());

  it('gives back the points an interrupted authorization held under its reference and voids it', async () => {
    await fx.seedAuthorizing('rdm_recover_held', 80);
    await fx.loyalty.redeem(TILL_MEMBER, holdReferenceOf('rdm_recover_held'), 80);
    const balance = fx.loyalty.balances.get(TILL_MEMBER)!;

    await fx.recoverAuthorization.execute(jobCtx(), { redemptionId: 'rdm_recover_held' });

    expect(fx.loyalty.balances.get(TILL_MEMBER)).toBe(balance + 80);
    expect(fx.loyalty.heldUnder(holdReferenceOf('rdm_recover_held'))).toBe(0);
    expect((await fx.redemptions.get('rdm_recover_held')).state).toBe('VOIDED');
    expect(await fx.stepsOf('rdm_recover_held')).toEqual(['authorization-interrupted']);
  });

  it('leaves an authorization that finished as it is', async () => {
    const { redemptionId } = await fx.authorize.execute(storeCtx(TILL_STORE), {
      storeId: TILL_STORE,
      memberId: TILL_MEMBER,
      points: 5,
    });
    const calls = fx.loyalty.calls.length;
    await fx.recoverAuthorization.execute(jobCtx(), { redemptionId });
    expect(fx.loyalty.calls.length).toBe(calls);
    expect((await fx.redemptions.get(redemptionId)).state).toBe('AUTHORIZED');
  });
});
