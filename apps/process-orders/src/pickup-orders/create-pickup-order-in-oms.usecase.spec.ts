import { jobCtx, memberCtx } from '../process-orders.fixture';
import { MEMBER, openPickupOrdersFixture, STORE, type PickupOrdersFixture } from './pickup-orders.fixture';

describe('CreatePickupOrderInOms', () => {
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
        lines: [{ sku: 'SKU-A', quantity: 3 }],
      })
    ).order.orderId;

  it('creates the order in the OMS with its reservation and lines, learns its id, and schedules the pick list in the same transaction', async () => {
    const orderId = await placed();
    await fx.createInOms.execute(jobCtx(), { orderId });
    const order = await fx.orders.get(orderId);
    const oms = fx.oms.orders.get(order.omsOrderId!)!;
    expect(oms.request).toMatchObject({
      externalOrderId: orderId,
      storeId: STORE,
      fulfilment: 'PICKUP',
      reservationId: order.reservationId,
      lines: [{ sku: 'SKU-A', quantity: 3 }],
    });
    expect((await fx.stepsOf(orderId)).at(-1)).toBe('oms-order-created');
    expect(await fx.jobsOf(orderId, 'sendPickList')).toBe(1);
  });

  it('does nothing the second time: one OMS order, one pick list job', async () => {
    const orderId = await placed();
    await fx.createInOms.execute(jobCtx(), { orderId });
    const created = fx.oms.orders.size;
    await fx.createInOms.execute(jobCtx(), { orderId });
    expect(fx.oms.orders.size).toBe(created);
    expect(await fx.jobsOf(orderId, 'sendPickList')).toBe(1);
  });

  it('creates nothing for an order that ended before the job ran', async () => {
    const orderId = await placed();
    await fx.cancel.execute(memberCtx(MEMBER), { orderId });
    const calls = fx.oms.calls.length;
    await fx.createInOms.execute(jobCtx(), { orderId });
    expect(fx.oms.calls.length).toBe(calls);
    expect((await fx.orders.get(orderId)).omsOrderId).toBeNull();
  });

  it('runs the release again for an order cancelled while the OMS call was on its way, so the new OMS order is closed too', async () => {
    const orderId = await placed();
    const create = fx.oms.createOrder.bind(fx.oms);
    jest.spyOn(fx.oms, 'createOrder').mockImplementationOnce(async (request) => {
      await fx.cancel.execute(memberCtx(MEMBER), { orderId });
      return create(request);
    });
    await fx.createInOms.execute(jobCtx(), { orderId });
    expect((await fx.orders.get(orderId)).omsOrderId).toEqual(expect.any(String));
    expect(await fx.jobsOf(orderId, 'releaseHolds')).toBe(2);
    expect(await fx.jobsOf(orderId, 'sendPickList')).toBe(0);
  });
});
