import { IllegalTransition } from '@omnigate/workflow';
import { refusalOf, storeCtx } from '../process-orders.fixture';
import {
  openTillRedemptionsFixture,
  TILL_MEMBER,
  TILL_STORE,
  type TillRedemptionsFixture,
} from './till-redemptions.fixture';

describe('CaptureTillRedemption', () => {
  let fx: TillRedemptionsFixture;
  beforeAll(async () => {
    fx = await openTillRedemptionsFixture({ POINT_VALUE_MINOR: 2 });
  });
  afterAll(() => fx.close());

  const authorized = async (points: number) =>
    (await fx.authorize.execute(storeCtx(TILL_STORE), { storeId: TILL_STORE, memberId: TILL_MEMBER, points }))
      .redemptionId;

  it('captures the hold for the sale that names it, and posts the points liability with the move', async () => {
    const redemptionId = await authorized(150);
    const view = await fx.capture.execute(storeCtx(TILL_STORE), {
      redemptionId,
      storeId: TILL_STORE,
      saleKey: `${TILL_STORE}:R1:9`,
    });
    expect(view.state).toBe('CAPTURED');
    const stored = await fx.redemptions.get(redemptionId);
    expect(stored.facts).toMatchObject({
      capturedAt: fx.clock.now().toISOString(),
      capturedForSale: `${TILL_STORE}:R1:9`,
    });
    const postings = await fx.ledger.listBySource('till-redemption', redemptionId);
    expect(postings.map((p) => [p.kind, p.status, p.lines])).toEqual([
      ['POINTS_LIABILITY', 'pending', [{ sku: 'LOYALTY-POINTS', quantity: 1, netAmountMinor: 300 }]],
    ]);
    expect(await fx.jobsOf(redemptionId, 'releasePoints')).toBe(0);
  });

  it('refuses a capture past the hold expiry, even before the expiry job ran, and gives the points back instead', async () => {
    const redemptionId = await authorized(20);
    fx.clock.advance(fx.config.TILL_REDEMPTION_HOLD_S + 1);
    const refused = await refusalOf(
      fx.capture.execute(storeCtx(TILL_STORE), { redemptionId, storeId: TILL_STORE }),
    );
    expect(refused).toBeInstanceOf(IllegalTransition);
    expect((refused as IllegalTransition).extensions).toMatchObject({ currentState: 'EXPIRED' });
    expect(await fx.jobsOf(redemptionId, 'releasePoints')).toBe(1);
    expect(await fx.ledger.listBySource('till-redemption', redemptionId)).toEqual([]);
  });
});
