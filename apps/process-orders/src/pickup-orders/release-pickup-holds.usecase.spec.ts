import { SystemRefusal } from '@omnigate/system-clients';
import { jobCtx, memberCtx, refusalOf } from '../process-orders.fixture';
import { MEMBER, openPickupOrdersFixture, STORE, type PickupOrdersFixture } from './pickup-orders.fixture';

describe('ReleasePickupHolds', () => {
  let fx: PickupOrdersFixture;
  beforeAll(async () => {
    fx = await openPickupOrdersFixture();
  });
  afterAll(() => fx.close());

  /** A member order placed with points, created in the OMS, then cancelled. */
  async function cancelled(): Promise<string> {
    const { orderId } = (
      await fx.place.execute(memberCtx(MEMBER), {
        storeId: STORE,
        memberId: MEMBER,
        lines: [{ sku: 'SKU-A', quantity: 1 }],
        redeemPoints: 40,
      })
    ).order;
    await fx.createInOms.execute(jobCtx(), { orderId });
    await fx.cancel.execute(memberCtx(MEMBER), { orderId });
    return orderId;
  }

  it('gives the points and the stock back and cancels the OMS order', async () => {
    const orderId = await cancelled();
    const balance = fx.loyalty.balances.get(MEMBER)!;
    await fx.releaseHolds.execute(jobCtx(), { orderId });
    const order = await fx.orders.get(orderId);
    expect(fx.oms.reservations.get(order.reservationId!)!.status).toBe('RELEASED');
    expect(fx.loyalty.heldUnder(`hold-${orderId}`)).toBe(0);
    expect(fx.loyalty.balances.get(MEMBER)).toBe(balance + 40);
    expect(fx.oms.orders.get(order.omsOrderId!)!.status).toBe('CANCELLED');
    expect((await fx.stepsOf(orderId)).at(-1)).toBe('holds-released');
  });

  it('completes a second run (a retried job) without giving anything back twice', async () => {
    const orderId = await cancelled();
    await fx.releaseHolds.execute(jobCtx(), { orderId });
    const balance = fx.loyalty.balances.get(MEMBER)!;
    await fx.releaseHolds.execute(jobCtx(), { orderId });
    expect(fx.loyalty.balances.get(MEMBER)).toBe(balance);
    expect((await fx.stepsOf(orderId)).filter((s) => s === 'holds-released')).toHaveLength(2);
  });

  it('does not take a consumed reservation as released: the job fails and records nothing', async () => {
    const orderId = await cancelled();
    const { reservationId } = await fx.orders.get(orderId);
    fx.oms.reservations.get(reservationId!)!.status = 'CONSUMED';
    const failed = await refusalOf(fx.releaseHolds.execute(jobCtx(), { orderId }));
    expect(failed).toBeInstanceOf(SystemRefusal);
    expect(await fx.stepsOf(orderId)).not.toContain('holds-released');
  });
});
