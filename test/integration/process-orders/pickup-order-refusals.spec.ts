import {
  ORDERS_DATABASES,
  OrdersClient,
  type OrdersStack,
  type Answer,
  levelOf,
  membersWith,
  pointsOf,
  skusAt,
  startOrdersStack,
  stopOrdersStack,
} from '../../support/orders-stack';

const PROBLEM = 'https://omnigate.dev/problems/';

function expectProblem(answer: Answer, status: number, type: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ type: `${PROBLEM}${type}`, status });
}

describe.each(ORDERS_DATABASES)('a refused placement holds nothing (%s)', (database) => {
  let stack: OrdersStack;
  let orders: OrdersClient;
  let stores: string[];

  beforeAll(async () => {
    stack = await startOrdersStack({ database });
    orders = new OrdersClient(stack);
    stores = (await stack.sandbox.seed()).stores.map((s) => s.storeId).slice(6, 9);
  });
  afterAll(() => stopOrdersStack(stack));

  /** The order ids process-orders reserved under (its order id is the OMS reservationRef), oldest first. */
  const reservationRefs = async () =>
    (await stack.sandbox.calls('oms', 'POST reservations')).map(
      (c) => (c.body as { reservationRef: string }).reservationRef,
    );
  const releases = async () =>
    (await stack.sandbox.calls('oms', 'POST reservations/{reservationId}/release')).filter(
      (c) => c.status === 200,
    );

  it('refuses a line above the stock at the store with insufficient-stock', async () => {
    const storeId = stores[0];
    const [sku] = await skusAt(stack.sandbox, storeId, 1, (l) => l.onHand <= 3);
    const [memberId] = await membersWith(stack.sandbox, (m) => m.status === 'ACTIVE' && m.points >= 1_000);
    const before = await levelOf(stack.sandbox, storeId, sku);
    const points = await pointsOf(stack.sandbox, memberId);
    const refsBefore = (await reservationRefs()).length;

    const answer = await orders.place({
      storeId,
      memberId,
      lines: [{ sku, quantity: before.onHand + 1 }],
      redeemPoints: 50,
    });
    expectProblem(answer, 409, 'insufficient-stock');

    expect(await levelOf(stack.sandbox, storeId, sku)).toEqual(before);
    expect(await pointsOf(stack.sandbox, memberId)).toBe(points);
    expect(await stack.sandbox.operationCalls('loyalty', 'POST members/{memberNumber}/redemptions')).toBe(0);
    const [orderId] = (await reservationRefs()).slice(refsBefore);
    expect((await orders.get(orderId)).status).toBe(404);
    expect(
      (await orders.call('experience-storefront', 'GET', `/v1/members/${memberId}/points-holds`)).body,
    ).toEqual({ holds: [] });
  });

  it('releases the reservation when the member has too few points for the hold', async () => {
    const storeId = stores[1];
    const [sku] = await skusAt(stack.sandbox, storeId, 1, (l) => l.onHand >= 5);
    // Five units cost at least 495 minor units, so the points asked are within the order's value.
    const [memberId] = await membersWith(
      stack.sandbox,
      (m) => m.status === 'ACTIVE' && m.points >= 1 && m.points <= 400,
    );
    const points = await pointsOf(stack.sandbox, memberId);
    const before = await levelOf(stack.sandbox, storeId, sku);
    const releasesBefore = (await releases()).length;

    const answer = await orders.place({
      storeId,
      memberId,
      lines: [{ sku, quantity: 5 }],
      redeemPoints: points + 1,
    });
    expectProblem(answer, 422, 'insufficient-points');

    expect(await levelOf(stack.sandbox, storeId, sku)).toEqual(before);
    expect((await releases()).length).toBe(releasesBefore + 1);
    expect(await pointsOf(stack.sandbox, memberId)).toBe(points);
    const orderId = (await reservationRefs()).at(-1)!;
    expect((await orders.get(orderId)).status).toBe(404);
  });

  it('releases the reservation when the member is suspended', async () => {
    const storeId = stores[2];
    const [sku] = await skusAt(stack.sandbox, storeId, 1, (l) => l.onHand >= 2);
    const [memberId] = await membersWith(stack.sandbox, (m) => m.status === 'SUSPENDED' && m.points >= 10);
    const before = await levelOf(stack.sandbox, storeId, sku);
    const releasesBefore = (await releases()).length;

    const answer = await orders.place({ storeId, memberId, lines: [{ sku, quantity: 2 }], redeemPoints: 10 });
    expectProblem(answer, 422, 'member-suspended');

    expect(await levelOf(stack.sandbox, storeId, sku)).toEqual(before);
    expect((await releases()).length).toBe(releasesBefore + 1);
    const orderId = (await reservationRefs()).at(-1)!;
    expect((await orders.get(orderId)).status).toBe(404);
  });
});
