import { UpstreamError } from '@omnigate/problems';
import { SystemRefusal } from '@omnigate/system-clients';
import { WorkNotAdmitted } from '@omnigate/workflow';
import { refusalOf, storeCtx } from '../process-orders.fixture';
import { holdReferenceOf } from './till-redemption';
import {
  openTillRedemptionsFixture,
  TILL_MEMBER,
  TILL_STORE,
  type TillRedemptionsFixture,
} from './till-redemptions.fixture';
import { UnknownRegister } from './till-redemptions.errors';

describe('AuthorizeTillRedemption', () => {
  let fx: TillRedemptionsFixture;
  beforeAll(async () => {
    fx = await openTillRedemptionsFixture({ TILL_REDEMPTION_HOLD_S: 900 });
  });
  afterAll(() => fx.close());

  const redemptionCount = async () =>
    Number(
      (
        await fx.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM workflow_instances WHERE workflow = 'till-redemption'`,
        )
      )[0].n,
    );

  it("holds the member's points and records the hold AUTHORIZED, expiring by the clock, with its expiry job", async () => {
    const view = await fx.authorize.execute(storeCtx(TILL_STORE), {
      storeId: TILL_STORE,
      registerId: 'R1',
      memberId: TILL_MEMBER,
      points: 200,
    });
    expect(view.state).toBe('AUTHORIZED');
    expect(fx.loyalty.heldUnder(holdReferenceOf(view.redemptionId))).toBe(200);
    const stored = await fx.redemptions.get(view.redemptionId);
    expect(stored.facts).toMatchObject({
      points: 200,
      loyaltyRedemptionId: expect.any(String),
      expiresAt: new Date(fx.clock.now().getTime() + 900_000).toISOString(),
    });
    expect(await fx.stepsOf(view.redemptionId)).toEqual(['authorization-started', 'points-held']);
    expect(await fx.jobsOf(view.redemptionId, 'expire')).toBe(1);
  });

  it('refuses a register the store does not have, before anything is held', async () => {
    const before = { redemptions: await redemptionCount(), loyaltyCalls: fx.loyalty.calls.length };
    const refused = await refusalOf(
      fx.authorize.execute(storeCtx(TILL_STORE), {
        storeId: TILL_STORE,
        registerId: 'R9',
        memberId: TILL_MEMBER,
        points: 10,
      }),
    );
    expect(refused).toBeInstanceOf(UnknownRegister);
    expect(await redemptionCount()).toBe(before.redemptions);
    expect(fx.loyalty.calls.length).toBe(before.loyaltyCalls);
  });

  it('holds nothing for a till that would be gone before the platform answered: 503 process-overloaded', async () => {
    const before = { redemptions: await redemptionCount(), loyaltyCalls: fx.loyalty.calls.length };
    const hurried = { ...storeCtx(TILL_STORE), deadlineAt: fx.clock.now().getTime() + 299 };
    const refused = await refusalOf(
      fx.authorize.execute(hurried, { storeId: TILL_STORE, memberId: TILL_MEMBER, points: 10 }),
    );
    expect(refused).toBeInstanceOf(WorkNotAdmitted);
    expect(refused).toMatchObject({ kind: 'overloaded', retryAfterS: 1 });
    expect(await redemptionCount()).toBe(before.redemptions);
    expect(fx.loyalty.calls.length).toBe(before.loyaltyCalls);
    // With the configured 300 ms left it goes ahead.
    const waited = { ...storeCtx(TILL_STORE), deadlineAt: fx.clock.now().getTime() + 300 };
    const view = await fx.authorize.execute(waited, {
      storeId: TILL_STORE,
      memberId: TILL_MEMBER,
      points: 10,
    });
    expect(view.state).toBe('AUTHORIZED');
  });

  it('leaves no redemption behind when the platform refuses the points', async () => {
    const before = await redemptionCount();
    const refused = await refusalOf(
      fx.authorize.execute(storeCtx(TILL_STORE), {
        storeId: TILL_STORE,
        memberId: TILL_MEMBER,
        points: 1_000_000,
      }),
    );
    expect(refused).toBeInstanceOf(SystemRefusal);
    expect((refused as SystemRefusal).type).toBe('insufficient-points');
    expect(await redemptionCount()).toBe(before);
  });

  it('keeps an authorization interrupted by a transport failure AUTHORIZING, with its recovery job', async () => {
    fx.loyalty.failNext('redeem', new UpstreamError('loyalty', 'redeem points', 'timeout', 'timed out'));
    const failed = await refusalOf(
      fx.authorize.execute(storeCtx(TILL_STORE), { storeId: TILL_STORE, memberId: TILL_MEMBER, points: 10 }),
    );
    expect(failed).toBeInstanceOf(UpstreamError);
    const [authorizing] = await fx.redemptions.store.findBy('storeId', TILL_STORE, ['AUTHORIZING']);
    expect(authorizing).toBeDefined();
    expect(await fx.jobsOf(authorizing.id, 'recoverAuthorization')).toBe(1);
  });
});
