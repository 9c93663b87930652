import { randomUUID } from 'node:crypto';
import type { AppProcess } from '../../support/app-process';
import { DEV_KEYS, DEV_STORES } from '../../support/experience-stack';
import {
  OrdersClient,
  type OrdersStack,
  type PickupOrderBody,
  skusAt,
  startExperienceOver,
  startOrdersStack,
  stopOrdersStack,
  SLOW_OMS,
  until,
} from '../../support/orders-stack';

/**
 * With the OMS slower than the channel waits, no customer is told "failed" for an order that is
 * being placed: every order that exists was answered 201 or 202, every refused one holds nothing,
 * and a retry with the key answers the order.
 */
describe('pickup order placement against a slow OMS and a short channel deadline', () => {
  let stack: OrdersStack;
  let storefront: AppProcess;
  let orders: OrdersClient;
  let skus: string[];
  const store = DEV_STORES[0];

  beforeAll(async () => {
    stack = await startOrdersStack({
      database: 'postgres',
      orders: { PLACEMENT_MAX_IN_FLIGHT: '4', PLACEMENT_MAX_QUEUED: '1', PLACEMENT_ANSWER_MARGIN_MS: '700' },
    });
    storefront = await startExperienceOver(stack, 'experience-storefront', {
      SYSTEM_API_TIMEOUT_MS: String(SLOW_OMS.channelTimeoutMs),
    });
    orders = new OrdersClient(stack);
    skus = await skusAt(stack.sandbox, store, 2, (level) => level.onHand - level.reserved >= 20);
  });
  afterAll(async () => {
    await storefront?.stop();
    await stopOrdersStack(stack);
  });
  afterEach(() => stack.sandbox.setFaults('oms', { latencyMs: 0 }));

  const place = (key: string, sku = skus[0]) =>
    fetch(`${storefront.url}/v1/pickup-orders`, {
      method: 'POST',
      headers: { 'x-api-key': DEV_KEYS.web, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ storeId: store, lines: [{ sku, quantity: 1 }] }),
    });
  const read = (orderId: string, accessToken: string) =>
    fetch(`${storefront.url}/v1/pickup-orders/${orderId}`, {
      headers: { 'x-api-key': DEV_KEYS.web, 'x-order-access-token': accessToken },
    });
  const reservationsOf = async (orderIds: string[]) =>
    (await stack.sandbox.calls('oms', 'POST reservations')).filter((c) =>
      orderIds.includes((c.body as { reservationRef?: string })?.reservationRef ?? ''),
    ).length;

  it('answers 202 with the order while placement goes on, then the order is reserved once and a retry answers it', async () => {
    await stack.sandbox.setFaults('oms', { latencyMs: SLOW_OMS.omsLatencyMs });
    const keys = [randomUUID(), randomUUID(), randomUUID()];
    const answers = await Promise.all(keys.map((key) => place(key)));

    const placed: { key: string; orderId: string; accessToken: string }[] = [];
    for (const [i, answer] of answers.entries()) {
      expect(answer.status).toBe(202);
      const body = (await answer.json()) as PickupOrderBody;
      expect(body.state).toBe('PLACED');
      expect(answer.headers.get('location')).toBe(`/v1/pickup-orders/${body.orderId}`);
      placed.push({ key: keys[i], orderId: body.orderId, accessToken: body.accessToken! });
    }

    for (const { orderId, accessToken } of placed) {
      await until(`order ${orderId} reserved`, async () => {
        const view = (await (await read(orderId, accessToken)).json()) as PickupOrderBody;
        return view.state === 'RESERVED' || undefined;
      });
    }
    await stack.sandbox.setFaults('oms', { latencyMs: 0 });
    const retry = await place(placed[0].key);
    expect(retry.status).toBe(201);
    expect((await retry.json()) as PickupOrderBody).toMatchObject({
      orderId: placed[0].orderId,
      state: 'RESERVED',
    });
    expect(await reservationsOf(placed.map((p) => p.orderId))).toBe(placed.length);
  });

  it('answers 201 as before when the OMS is quick', async () => {
    const answer = await place(randomUUID());
    expect(answer.status).toBe(201);
    expect(((await answer.json()) as PickupOrderBody).state).toBe('RESERVED');
  });

  it('refuses placements beyond what it admits with 503 Retry-After at once, and holds nothing for them', async () => {
    await stack.sandbox.setFaults('oms', { latencyMs: SLOW_OMS.omsLatencyMs });
    const before = (await stack.sandbox.calls('oms', 'POST reservations')).length;
    // Straight to process-orders, with no deadline: four run, one waits, the rest are refused.
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        orders.place({ storeId: store, lines: [{ sku: skus[1], quantity: 1 }] }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 503, 503, 503]);
    for (const refused of answers.filter((a) => a.status === 503)) {
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.headers.get('retry-after')).toBe('1');
      expect((refused.body as unknown as { type: string }).type).toMatch(/\/process-overloaded$/);
    }
    const placedIds = answers.filter((a) => a.status === 201).map((a) => a.body.orderId);
    expect((await stack.sandbox.calls('oms', 'POST reservations')).length - before).toBe(placedIds.length);
  });

  it('holds nothing for a caller whose budget or deadline is too short for the backends, and says so', async () => {
    const before = (await stack.sandbox.calls('oms', 'POST reservations')).length;
    const answer = await orders.write(
      'experience-storefront',
      '/v1/pickup-orders',
      { storeId: store, lines: [{ sku: skus[1], quantity: 1 }] },
      randomUUID(),
    );
    expect(answer.status).toBe(201);
    const tooShort = await orders.call(
      'experience-storefront',
      'POST',
      '/v1/pickup-orders',
      { storeId: store, lines: [{ sku: skus[1], quantity: 1 }] },
      {
        'idempotency-key': randomUUID(),
        'x-request-budget-ms': '100',
      },
    );
    expect(tooShort.status).toBe(503);
    expect(tooShort.body.type).toMatch(/\/process-overloaded$/);
    // Sent with time to spare, but read when the caller's deadline has all but come (it waited
    // unread on a busy replica): the deadline it was sent with counts, not the budget.
    const readLate = await orders.call(
      'experience-storefront',
      'POST',
      '/v1/pickup-orders',
      { storeId: store, lines: [{ sku: skus[1], quantity: 1 }] },
      {
        'idempotency-key': randomUUID(),
        'x-request-budget-ms': '5000',
        'x-request-deadline': String(Date.now() + 100),
      },
    );
    expect(readLate.status).toBe(503);
    expect(readLate.body.type).toMatch(/\/process-overloaded$/);
    expect((await stack.sandbox.calls('oms', 'POST reservations')).length - before).toBe(1);
  });
});
