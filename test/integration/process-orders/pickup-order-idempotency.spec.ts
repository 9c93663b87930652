import { randomUUID } from 'node:crypto';
import {
  ORDERS_DATABASES,
  OrdersClient,
  type OrdersStack,
  type PlaceOrder,
  skusAt,
  startOrdersStack,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';

const PROBLEM = 'https://omnigate.dev/problems/';

describe.each(ORDERS_DATABASES)('placing a pickup order under an Idempotency-Key (%s)', (database) => {
  let stack: OrdersStack;
  let orders: OrdersClient;
  let order: PlaceOrder;
  const reservationCalls = () => stack.sandbox.operationCalls('oms', 'POST reservations');

  beforeAll(async () => {
    stack = await startOrdersStack({ database });
    orders = new OrdersClient(stack);
    const storeId = (await stack.sandbox.seed()).stores[3].storeId;
    const [sku] = await skusAt(stack.sandbox, storeId, 1, (l) => l.onHand >= 10);
    order = { storeId, lines: [{ sku, quantity: 1 }] };
  });
  afterAll(() => stopOrdersStack(stack));
  afterEach(() => stack?.sandbox.setFaults('oms', { latencyMs: 5 }));

  it("answers a repeat with the first answer, marked replayed, and places one order: a guest order's access token included", async () => {
    const key = randomUUID();
    const before = await reservationCalls();
    const first = await orders.place(order, key);
    const again = await orders.place(order, key);

    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(first.body.accessToken).toMatch(/^pot_[A-Za-z0-9_-]{43}$/);
    expect(await reservationCalls()).toBe(before + 1);
  });

  it("answers a second call with the same key with the first one's order once it is placed, reserving once", async () => {
    await stack.sandbox.setFaults('oms', { latencyMs: 500 });
    const key = randomUUID();
    const before = await reservationCalls();
    const answers = await Promise.all([orders.place(order, key), orders.place(order, key)]);

    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect(answers[1].body.orderId).toBe(answers[0].body.orderId);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(1);
    expect(await reservationCalls()).toBe(before + 1);
    expect((await orders.get(answers[0].body.orderId)).body.state).toBe('RESERVED');
  });

  it('answers a second call with the same key that cannot wait for the first to finish 202 with the order as it stands, placing nothing more', async () => {
    await stack.sandbox.setFaults('oms', { latencyMs: 1_500 });
    const key = randomUUID();
    const before = await reservationCalls();
    const first = orders.place(order, key);
    // The second arrives once the first holds the key (the OMS counts its reservation on arrival), with less time than the first needs.
    await until(
      'the first call holding the key',
      async () => ((await reservationCalls()) > before ? true : undefined),
      10_000,
      20,
    );
    const impatient = await orders.call('experience-storefront', 'POST', '/v1/pickup-orders', order, {
      'idempotency-key': key,
      'x-request-budget-ms': '400',
    });

    // The first has committed its order before reserving: the retry learns it exists, and that it goes on.
    expect(impatient.status).toBe(202);
    expect(impatient.headers.get('idempotent-replayed')).toBe('true');
    expect(impatient.body.state).toBe('PLACED');
    const placed = await first;
    expect(placed.status).toBe(201);
    expect(impatient.body.orderId).toBe(placed.body.orderId);
    expect(impatient.body.accessToken).toBe(placed.body.accessToken);
    expect((await orders.get(placed.body.orderId)).body.state).toBe('RESERVED');
    expect(await reservationCalls()).toBe(before + 1);
  });

  it('refuses the same key with another payload, placing nothing', async () => {
    const key = randomUUID();
    expect((await orders.place(order, key)).status).toBe(201);
    const before = await reservationCalls();

    const other = await orders.place({ ...order, lines: [{ ...order.lines[0], quantity: 2 }] }, key);
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.body).toMatchObject({ type: `${PROBLEM}idempotency-key-reused`, status: 422 });
    expect(await reservationCalls()).toBe(before);
  });

  it('refuses a placement without a key, placing nothing', async () => {
    const before = await reservationCalls();
    const answer = await orders.place(order, null);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ type: `${PROBLEM}idempotency-key-missing`, status: 400 });
    expect(await reservationCalls()).toBe(before);
  });
});
