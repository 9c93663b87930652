import { IllegalTransition, MoveNotAllowed } from '@omnigate/workflow';
import { memberCtx, refusalOf } from '../process-orders.fixture';
import { MEMBER, openPickupOrdersFixture, STORE, type PickupOrdersFixture } from './pickup-orders.fixture';

describe('CancelPickupOrder', () => {
  let fx: PickupOrdersFixture;
  beforeAll(async () => {
    fx = await openPickupOrdersFixture();
  });
  afterAll(() => fx.close());

  const placed = async () =>
    (
      await fx.place.execute(memberCtx(MEMBER), {
        storeId: STORE,
        memberId: MEMBER,
        lines: [{ sku: 'SKU-A', quantity: 1 }],
        redeemPoints: 50,
      })
    ).order.orderId;

  it('cancels a reserved order: the release job is written with the move and the unposted demand is voided', async () => {
    const orderId = await placed();
    const view = await fx.cancel.execute(memberCtx(MEMBER), { orderId });
    expect(view.state).toBe('CANCELLED');
    expect((await fx.stepsOf(orderId)).at(-1)).toBe('cancelled');
    expect(await fx.jobsOf(orderId, 'releaseHolds')).toBe(1);
    expect(await fx.postingsOf(orderId)).toEqual([{ kind: 'DEMAND', status: 'void' }]);
  });

  it('refuses to cancel twice, with 409 and the current state', async () => {
    const orderId = await placed();
    await fx.cancel.execute(memberCtx(MEMBER), { orderId });
    const again = await refusalOf(fx.cancel.execute(memberCtx(MEMBER), { orderId }));
    expect(again).toBeInstanceOf(IllegalTransition);
    expect((again as IllegalTransition).extensions).toEqual({
      currentState: 'CANCELLED',
      requestedState: 'CANCELLED',
    });
    expect(await fx.jobsOf(orderId, 'releaseHolds')).toBe(1);
  });

  it('refuses an order still being placed: only its recovery ends a PLACED order', async () => {
    await fx.seed('po_cancel_placed', 'PLACED');
    const refused = await refusalOf(fx.cancel.execute(memberCtx(MEMBER), { orderId: 'po_cancel_placed' }));
    expect(refused).toBeInstanceOf(IllegalTransition);
    expect((refused as IllegalTransition).extensions).toMatchObject({ currentState: 'PLACED' });
    expect((await fx.orders.get('po_cancel_placed')).state).toBe('PLACED');
  });

  it("refuses another member's cancel and changes nothing", async () => {
    const orderId = await placed();
    const refused = await refusalOf(fx.cancel.execute(memberCtx('9999999999999'), { orderId }));
    expect(refused).toBeInstanceOf(MoveNotAllowed);
    expect((await fx.orders.get(orderId)).state).toBe('RESERVED');
    expect(await fx.jobsOf(orderId, 'releaseHolds')).toBe(0);
  });
});
