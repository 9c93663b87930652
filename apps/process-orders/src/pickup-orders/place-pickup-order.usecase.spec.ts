import { UpstreamError } from '@omnigate/problems';
import { SystemRefusal } from '@omnigate/system-clients';
import { WorkNotAdmitted } from '@omnigate/workflow';
import { memberCtx, refusalOf } from '../process-orders.fixture';
import { MEMBER, openPickupOrdersFixture, STORE, type PickupOrdersFixture } from './pickup-orders.fixture';
import { PointsExceedOrderValue, UnknownSkus } from './pickup-orders.errors';

describe('PlacePickupOrder', () => {
  let fx: PickupOrdersFixture;
  beforeAll(async () => {
    fx = await openPickupOrdersFixture();
  });
  afterAll(() => fx.close());

  const orderCount = async () =>
    Number((await fx.db.query<{ n: string }>('SELECT count(*) AS n FROM pickup_orders'))[0].n);

  it('prices the lines at the store, reserves the stock, holds the points, and records the order RESERVED with its follow-up work', async () => {
    const { order, finished } = await fx.place.execute(memberCtx(MEMBER), {
      storeId: STORE,
      memberId: MEMBER,
      lines: [
        { sku: 'SKU-A', quantity: 1 },
        { sku: 'SKU-B', quantity: 2 },
        { sku: 'SKU-A', quantity: 1 },
      ],
      redeemPoints: 300,
    });

    expect(finished).toBe(true);
    expect(order.state).toBe('RESERVED');
    expect(order.subtotal).toEqual({ amountMinor: 2_500, currency: 'EUR' });
    expect(order.total).toEqual({ amountMinor: 2_200, currency: 'EUR' });
    expect(order.lines.map((l) => [l.sku, l.quantity])).toEqual([
      ['SKU-A', 2],
      ['SKU-B', 2],
    ]);
    const reservation = fx.oms.reservationByRef(order.orderId)!;
    expect(reservation.status).toBe('ACTIVE');
    expect(reservation.lines).toEqual([
      { sku: 'SKU-A', quantity: 2 },
      { sku: 'SKU-B', quantity: 2 },
    ]);
    expect(fx.loyalty.heldUnder(`hold-${order.orderId}`)).toBe(300);
    const stored = await fx.orders.get(order.orderId);
    expect(stored).toMatchObject({
      reservationId: reservation.reservationId,
      redemptionId: expect.any(String),
      pointsRedeemed: 300,
    });
    // The pickup window runs from the clock's now.
    expect(order.pickupExpiresAt).toBe(
      new Date(fx.clock.now().getTime() + fx.config.PICKUP_WINDOW_S * 1000).toISOString(),
    );
    expect(await fx.stepsOf(order.orderId)).toEqual(['placed', 'stock-reserved', 'points-held']);
    expect(await fx.postingsOf(order.orderId)).toEqual([{ kind: 'DEMAND', status: 'pending' }]);
    expect(await fx.jobsOf(order.orderId, 'createInOms')).toBe(1);
    expect(await fx.jobsOf(order.orderId, 'expire')).toBe(1);
  });

  it('answers a guest order with its access token once, and keeps only its digest', async () => {
    const { order } = await fx.place.execute(memberCtx('guest'), {
      storeId: STORE,
      lines: [{ sku: 'SKU-B', quantity: 1 }],
    });
    expect(order.accessToken).toEqual(expect.any(String));
    const stored = await fx.orders.get(order.orderId);
    expect(stored.memberId).toBeNull();
    expect(stored.accessTokenSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.accessTokenSha256).not.toBe(order.accessToken);
  });

  it('refuses unknown SKUs and more points than the order is worth before anything is held or written', async () => {
    const before = { orders: await orderCount(), calls: fx.oms.calls.length };
    const unknown = await refusalOf(
      fx.place.execute(memberCtx(MEMBER), {
        storeId: STORE,
        memberId: MEMBER,
        lines: [{ sku: 'SKU-NONE', quantity: 1 }],
      }),
    );
    expect(unknown).toBeInstanceOf(UnknownSkus);
    const tooMany = await refusalOf(
      fx.place.execute(memberCtx(MEMBER), {
        storeId: STORE,
        memberId: MEMBER,
        lines: [{ sku: 'SKU-B', quantity: 1 }],
        redeemPoints: 251,
      }),
    );
    expect(tooMany).toBeInstanceOf(PointsExceedOrderValue);
    expect(await orderCount()).toBe(before.orders);
    expect(fx.oms.calls.length).toBe(before.calls);
  });

  it('leaves no order and no reservation behind when the loyalty platform refuses the points', async () => {
    const before = await orderCount();
    fx.loyalty.failNext(
      'redeem',
      new SystemRefusal(422, { type: 'insufficient-points', title: 'Not enough points' }),
    );
    const refused = await refusalOf(
      fx.place.execute(memberCtx(MEMBER), {
        storeId: STORE,
        memberId: MEMBER,
        lines: [{ sku: 'SKU-A', quantity: 1 }],
        redeemPoints: 10,
      }),
    );
    expect(refused).toBeInstanceOf(SystemRefusal);
    expect((refused as SystemRefusal).type).toBe('insufficient-points');
    expect(await orderCount()).toBe(before);
    const [reservation] = [...fx.oms.reservations.values()].slice(-1);
    expect(reservation.status).toBe('RELEASED');
  });

  it('keeps an order interrupted by a transport failure PLACED, with the reservation for its recovery job to release', async () => {
    fx.loyalty.failNext('redeem', new UpstreamError('loyalty', 'redeem points', 'timeout', 'timed out'));
    const failed = await refusalOf(
      fx.place.execute(memberCtx(MEMBER), {
        storeId: STORE,
        memberId: MEMBER,
        lines: [{ sku: 'SKU-A', quantity: 1 }],
        redeemPoints: 10,
      }),
    );
    expect(failed).toBeInstanceOf(UpstreamError);
    const [placed] = await fx.db.query<{ order_id: string; state: string }>(
      `SELECT order_id, state FROM pickup_orders WHERE state = 'PLACED'`,
    );
    expect(placed).toBeDefined();
    expect(fx.oms.reservationByRef(placed.order_id)!.status).toBe('ACTIVE');
    expect(await fx.jobsOf(placed.order_id, 'recoverPlacement')).toBe(1);
  });

  it("starts nothing for a caller whose deadline, by the app's clock, leaves too little time", async () => {
    const before = { orders: await orderCount(), calls: fx.oms.calls.length };
    const ctx = {
      ...memberCtx(MEMBER),
      deadlineAt: fx.clock.now().getTime() + fx.config.PLACEMENT_MIN_BUDGET_MS - 1,
    };
    const refused = await refusalOf(
      fx.place.execute(ctx, { storeId: STORE, memberId: MEMBER, lines: [{ sku: 'SKU-A', quantity: 1 }] }),
    );
    expect(refused).toBeInstanceOf(WorkNotAdmitted);
    expect(await orderCount()).toBe(before.orders);
    expect(fx.oms.calls.length).toBe(before.calls);

    // The same budget counted from the clock's now is enough, whatever the machine's time says.
    const inTime = {
      ...memberCtx(MEMBER),
      deadlineAt: fx.clock.now().getTime() + fx.config.PLACEMENT_ANSWER_MARGIN_MS + 1_000,
    };
    const { order } = await fx.place.execute(inTime, {
      storeId: STORE,
      memberId: MEMBER,
      lines: [{ sku: 'SKU-A', quantity: 1 }],
    });
    expect(order.state).toBe('RESERVED');
  });
});
