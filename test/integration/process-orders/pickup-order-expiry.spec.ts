import {
  ORDERS_DATABASES,
  OrdersClient,
  type OrdersStack,
  levelOf,
  membersWith,
  omsOrderStatus,
  orderWhen,
  pointsOf,
  reservationStatus,
  skusAt,
  startOrdersStack,
  stepsOf,
  stopOrdersStack,
} from '../../support/orders-stack';

describe.each(ORDERS_DATABASES)('a pickup order ending uncollected (%s)', (database) => {
  let stack: OrdersStack;
  let orders: OrdersClient;
  let stores: string[];
  let members: string[];

  beforeAll(async () => {
    // Five seconds to collect: the expiry job comes due within the test.
    stack = await startOrdersStack({ database, orders: { PICKUP_WINDOW_S: '5' } });
    orders = new OrdersClient(stack);
    stores = (await stack.sandbox.seed()).stores.map((s) => s.storeId).slice(9, 11);
    members = await membersWith(stack.sandbox, (m) => m.status === 'ACTIVE' && m.points >= 1_000);
  });
  afterAll(() => stopOrdersStack(stack));

  async function placeWithPoints(storeId: string, memberId: string) {
    const [sku] = await skusAt(stack.sandbox, storeId, 1, (l) => l.onHand >= 3);
    const stock = await levelOf(stack.sandbox, storeId, sku);
    const points = await pointsOf(stack.sandbox, memberId);
    const placed = await orders.place({
      storeId,
      memberId,
      lines: [{ sku, quantity: 3 }],
      redeemPoints: 100,
    });
    expect(placed.status).toBe(201);
    expect(await pointsOf(stack.sandbox, memberId)).toBe(points - 100);
    const reservationId = placed.body.timeline.find((e) => e.step === 'stock-reserved')!.detail
      .reservationId as string;
    return { orderId: placed.body.orderId, sku, stock, points, reservationId };
  }

  it('expires an order not collected in time, releasing its stock and points', async () => {
    const storeId = stores[0];
    const { orderId, sku, stock, points, reservationId } = await placeWithPoints(storeId, members[0]);

    const expired = await orderWhen(
      orders,
      orderId,
      'expired and released',
      (o) => o.state === 'EXPIRED' && stepsOf(o).includes('holds-released'),
    );
    expect(await reservationStatus(stack.sandbox, reservationId)).toBe('RELEASED');
    expect(await levelOf(stack.sandbox, storeId, sku)).toEqual(stock);
    expect(await pointsOf(stack.sandbox, members[0])).toBe(points);
    if (expired.omsOrderId) expect(await omsOrderStatus(stack.sandbox, expired.omsOrderId)).toBe('CANCELLED');
    // Nothing is collected later: the expired order refuses the store's moves.
    expect((await orders.ready(orderId, storeId)).status).toBe(409);
  });

  it('releases the stock and points of a cancelled order', async () => {
    const storeId = stores[1];
    const { orderId, sku, stock, points, reservationId } = await placeWithPoints(storeId, members[1]);

    const cancelled = await orders.cancel(orderId);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('CANCELLED');
    await orderWhen(orders, orderId, 'holds released', (o) => stepsOf(o).includes('holds-released'));
    expect(await reservationStatus(stack.sandbox, reservationId)).toBe('RELEASED');
    expect(await levelOf(stack.sandbox, storeId, sku)).toEqual(stock);
    expect(await pointsOf(stack.sandbox, members[1])).toBe(points);
    // The expiry job due later finds nothing to do.
    expect((await orders.get(orderId)).body.state).toBe('CANCELLED');
  });
});
