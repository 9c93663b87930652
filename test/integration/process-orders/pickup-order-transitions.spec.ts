import {
  ORDERS_DATABASES,
  OrdersClient,
  type OrdersStack,
  type Answer,
  orderWhen,
  skusAt,
  stepsOf,
  startOrdersStack,
  stopOrdersStack,
} from '../../support/orders-stack';

const ILLEGAL = 'https://omnigate.dev/problems/illegal-pickup-order-transition';

function expectProblem(answer: Answer, status: number, type: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ type, status });
}

describe.each(ORDERS_DATABASES)('the moves a pickup order allows (%s)', (database) => {
  let stack: OrdersStack;
  let orders: OrdersClient;
  let storeId: string;
  let otherStoreId: string;
  let sku: string;

  beforeAll(async () => {
    stack = await startOrdersStack({ database });
    orders = new OrdersClient(stack);
    const { stores } = await stack.sandbox.seed();
    storeId = stores[4].storeId;
    otherStoreId = stores[5].storeId;
    [sku] = await skusAt(stack.sandbox, storeId, 1, (l) => l.onHand >= 10);
  });
  afterAll(() => stopOrdersStack(stack));

  const place = async () => {
    const placed = await orders.place({ storeId, lines: [{ sku, quantity: 1 }] });
    expect(placed.status).toBe(201);
    return placed.body.orderId;
  };
  /** Placed, and picked at the store: its pick list has arrived. */
  const placePicked = async () => {
    const orderId = await place();
    await orderWhen(orders, orderId, 'pick list sent', (o) => stepsOf(o).includes('pick-list-sent'));
    return orderId;
  };
  const stateOf = async (orderId: string) => (await orders.get(orderId)).body.state;

  it('refuses to collect an order that is not ready', async () => {
    const orderId = await place();
    expectProblem(await orders.collect(orderId, storeId), 409, ILLEGAL);
    expect(await stateOf(orderId)).toBe('RESERVED');
  });

  it('refuses to ready an order whose pick list the store has not received', async () => {
    // A slow OMS keeps the order in the OMS (and its pick list) from happening before the store asks.
    await stack.sandbox.setFaults('oms', { latencyMs: 1_500 });
    try {
      const orderId = await place();
      expectProblem(
        await orders.ready(orderId, storeId),
        409,
        'https://omnigate.dev/problems/pick-list-not-sent',
      );
      expect(await stateOf(orderId)).toBe('RESERVED');
    } finally {
      await stack.sandbox.setFaults('oms', { latencyMs: 5 });
    }
  });

  it('refuses to collect an order twice, and to cancel a collected one', async () => {
    const orderId = await placePicked();
    expect((await orders.ready(orderId, storeId)).status).toBe(200);
    expect((await orders.collect(orderId, storeId)).status).toBe(200);

    const again = await orders.collect(orderId, storeId);
    expectProblem(again, 409, ILLEGAL);
    expect(again.body).toMatchObject({ currentState: 'COLLECTED', requestedState: 'COLLECTED' });
    expectProblem(await orders.cancel(orderId), 409, ILLEGAL);
    expect(await stateOf(orderId)).toBe('COLLECTED');
  });

  it("refuses another store's ready and collect", async () => {
    const orderId = await placePicked();
    expectProblem(
      await orders.ready(orderId, otherStoreId),
      403,
      'https://omnigate.dev/problems/pickup-order-of-another-store',
    );
    expect(await stateOf(orderId)).toBe('RESERVED');

    expect((await orders.ready(orderId, storeId)).status).toBe(200);
    expectProblem(
      await orders.collect(orderId, otherStoreId),
      403,
      'https://omnigate.dev/problems/pickup-order-of-another-store',
    );
    expect(await stateOf(orderId)).toBe('READY_FOR_PICKUP');
  });
});
