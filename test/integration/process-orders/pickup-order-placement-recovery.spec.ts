import { setTimeout as sleep } from 'node:timers/promises';
import {
  ORDERS_DATABASES,
  OrdersClient,
  type OrdersStack,
  callsNaming,
  levelOf,
  membersWith,
  orderWhen,
  pointsOf,
  reservationStatus,
  restartOrders,
  skusAt,
  startOrdersStack,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';
import { callerHeaders } from '../../support/stack';

describe.each(ORDERS_DATABASES)('a placement interrupted after reserving (%s)', (database) => {
  let stack: OrdersStack;
  let orders: OrdersClient;
  let stores: string[];
  let members: string[];

  beforeAll(async () => {
    stack = await startOrdersStack({
      database,
      // A placement still PLACED after 5 s was interrupted; loyalty calls give up after 1 s.
      orders: { PLACEMENT_RECOVERY_S: '5', SYSTEM_API_TIMEOUT_MS: '1000', JOB_ATTEMPT_TIMEOUT_S: '5' },
      // Member reads answer from system-loyalty's cache while the platform itself is slow.
      systems: { loyalty: { MEMBER_TTL_S: '300' } },
    });
    orders = new OrdersClient(stack);
    stores = (await stack.sandbox.seed()).stores.map((s) => s.storeId).slice(14, 16);
    members = await membersWith(stack.sandbox, (m) => m.status === 'ACTIVE' && m.points >= 1_000);
  });
  afterAll(() => stopOrdersStack(stack));
  afterEach(() => stack?.sandbox.setFaults('loyalty', { latencyMs: 5 }));

  /** Reads the member through system-loyalty once, so placement's member check is a cache hit. */
  const warmMember = async (memberId: string) => {
    const answer = await fetch(`${stack.systems.loyalty.url}/v1/members/${memberId}`, {
      headers: callerHeaders('process-orders'),
    });
    expect(answer.status).toBe(200);
  };
  /** The order id of the latest placement: process-orders reserves under it as the reservationRef. */
  const lastReservationRef = async () =>
    ((await stack.sandbox.calls('oms', 'POST reservations')).at(-1)!.body as { reservationRef: string })
      .reservationRef;

  async function expectCompensated(
    orderId: string,
    storeId: string,
    sku: string,
    stockBefore: unknown,
    memberId: string,
    pointsBefore: number,
  ) {
    const cancelled = await orderWhen(orders, orderId, 'compensated', (o) => o.state === 'CANCELLED', 60_000);
    const step = cancelled.timeline.find((e) => e.step === 'placement-interrupted')!;
    expect(step.outcome).toBe('compensated');
    const { reservationId, redemptionId } = step.detail as { reservationId: string; redemptionId?: string };
    expect(await reservationStatus(stack.sandbox, reservationId)).toBe('RELEASED');
    expect(await levelOf(stack.sandbox, storeId, sku)).toEqual(stockBefore);
    expect(await pointsOf(stack.sandbox, memberId)).toBe(pointsBefore);
    return redemptionId;
  }

  it('cancels an order whose points hold timed out, giving back the stock and the points redeemed late', async () => {
    const [storeId, memberId] = [stores[0], members[0]];
    const [sku] = await skusAt(stack.sandbox, storeId, 1, (l) => l.onHand >= 2);
    const stockBefore = await levelOf(stack.sandbox, storeId, sku);
    const pointsBefore = await pointsOf(stack.sandbox, memberId);
    await warmMember(memberId);

    // The platform answers after process-orders gave up, but it does redeem.
    await stack.sandbox.setFaults('loyalty', { latencyMs: 2_500 });
    const answer = await orders.place({
      storeId,
      memberId,
      lines: [{ sku, quantity: 2 }],
      redeemPoints: 150,
    });
    expect(answer.status).toBeGreaterThanOrEqual(500);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    const orderId = await lastReservationRef();
    expect((await orders.get(orderId)).body.state).toBe('PLACED');
    await until(
      'the late redemption',
      async () => ((await pointsOf(stack.sandbox, memberId)) === pointsBefore - 150 ? true : undefined),
      10_000,
    );
    await stack.sandbox.setFaults('loyalty', { latencyMs: 5 });

    const redemptionId = await expectCompensated(orderId, storeId, sku, stockBefore, memberId, pointsBefore);
    expect(redemptionId).toEqual(expect.any(String));
    expect(
      await callsNaming(stack.sandbox, 'loyalty', 'POST redemptions/{redemptionId}/cancel', redemptionId!),
    ).not.toEqual([]);
  });

  it('cancels an order whose placement died with the process, after a restart', async () => {
    const [storeId, memberId] = [stores[1], members[1]];
    const [sku] = await skusAt(stack.sandbox, storeId, 1, (l) => l.onHand >= 2);
    const stockBefore = await levelOf(stack.sandbox, storeId, sku);
    const pointsBefore = await pointsOf(stack.sandbox, memberId);
    await warmMember(memberId);

    // The redemption is on its way when the process dies; only the recovery job can settle it.
    const redemptions = () =>
      stack.sandbox.operationCalls('loyalty', 'POST members/{memberNumber}/redemptions');
    const redemptionsBefore = await redemptions();
    await stack.sandbox.setFaults('loyalty', { latencyMs: 800 });
    const placing = orders
      .place({ storeId, memberId, lines: [{ sku, quantity: 2 }], redeemPoints: 150 })
      .catch(() => undefined);
    await until(
      'the redemption sent',
      async () => ((await redemptions()) > redemptionsBefore ? true : undefined),
      10_000,
      50,
    );
    await restartOrders(stack, 'SIGKILL');
    await placing;
    await sleep(1_000);
    await stack.sandbox.setFaults('loyalty', { latencyMs: 5 });

    const orderId = await lastReservationRef();
    await expectCompensated(orderId, storeId, sku, stockBefore, memberId, pointsBefore);
  });
});
