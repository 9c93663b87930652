import { IllegalTransition, MoveNotAllowed } from '@omnigate/workflow';
import { refusalOf, storeCtx } from '../process-orders.fixture';
import {
  openTillRedemptionsFixture,
  TILL_MEMBER,
  TILL_STORE,
  type TillRedemptionsFixture,
} from './till-redemptions.fixture';

describe('VoidTillRedemption', () => {
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
        points: 30,
      })
    ).redemptionId;

  it('voids a hold: the release job is written with the move, nothing is posted', async () => {
    const redemptionId = await authorized();
    const view = await fx.void.execute(storeCtx(TILL_STORE), { redemptionId, storeId: TILL_STORE });
    expect(view.state).toBe('VOIDED');
    expect(await fx.jobsOf(redemptionId, 'releasePoints')).toBe(1);
    expect(await fx.ledger.listBySource('till-redemption', redemptionId)).toEqual([]);
  });

  it('refuses to void a captured hold with 409 and its current state', async () => {
    const redemptionId = await authorized();
    await fx.capture.execute(storeCtx(TILL_STORE), { redemptionId, storeId: TILL_STORE });
    const refused = await refusalOf(
      fx.void.execute(storeCtx(TILL_STORE), { redemptionId, storeId: TILL_STORE }),
    );
    expect(refused).toBeInstanceOf(IllegalTransition);
    expect((refused as IllegalTransition).extensions).toEqual({
      currentState: 'CAPTURED',
      requestedState: 'VOIDED',
    });
    expect(await fx.jobsOf(redemptionId, 'releasePoints')).toBe(0);
  });

  it("refuses another store's void", async () => {
    const redemptionId = await authorized();
    const refused = await refusalOf(fx.void.execute(storeCtx('ST-2'), { redemptionId, storeId: 'ST-2' }));
    expect(refused).toBeInstanceOf(MoveNotAllowed);
    expect((await fx.redemptions.get(redemptionId)).state).toBe('AUTHORIZED');
  });
});
