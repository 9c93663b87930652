import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DATABASE_URL } from '../../support/stack';
import {
  type Answer,
  type OrdersStack,
  type PickupOrderBody,
  membersWith,
  OrdersClient,
  skusAt,
  startOrdersStack,
  stepsOf,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';

const NOT_FOUND = 'https://omnigate.dev/problems/pickup-order-not-found';

function expectNotFound(answer: Answer) {
  expect(answer.status).toBe(404);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ type: NOT_FOUND, status: 404 });
}

/**
 * process-orders itself, called as the experience apps call it: an order belongs to the client app
 * named in X-On-Behalf-Of when it was placed, and a guest order also to the holder of its token.
 */
describe('who may reach a pickup order at process-orders', () => {
  let stack: OrdersStack;
  let orders: OrdersClient;
  let db: Client;
  let storeId: string;
  let sku: string;
  let memberId: string;

  beforeAll(async () => {
    // debug, so that the check that no log line carries an access token reads every line there is.
    stack = await startOrdersStack({ database: 'postgres', orders: { LOG_LEVEL: 'debug' } });
    orders = new OrdersClient(stack);
    db = new Client({ connectionString: DATABASE_URL });
    await db.connect();
    storeId = (await stack.sandbox.seed()).stores[6].storeId;
    [sku] = await skusAt(stack.sandbox, storeId, 1, (l) => l.onHand >= 10);
    [memberId] = await membersWith(stack.sandbox, (m) => m.status === 'ACTIVE' && m.points >= 1_000);
  });
  afterAll(async () => {
    await db?.end();
    await stopOrdersStack(stack);
  });

  const as = (clientAppId: string, token?: string): Record<string, string> => ({
    'x-on-behalf-of': clientAppId,
    ...(token !== undefined && { 'x-order-access-token': token }),
  });
  const read = (orderId: string, headers: Record<string, string>) =>
    orders.call<PickupOrderBody>(
      'experience-storefront',
      'GET',
      `/v1/pickup-orders/${orderId}`,
      undefined,
      headers,
    );
  const cancel = (orderId: string, headers: Record<string, string>, key = randomUUID()) =>
    orders.call<PickupOrderBody>(
      'experience-storefront',
      'POST',
      `/v1/pickup-orders/${orderId}/cancel`,
      {},
      { ...headers, 'idempotency-key': key },
    );
  const storeAction = (orderId: string, action: 'ready' | 'collect', headers: Record<string, string>) =>
    orders.call<PickupOrderBody>(
      'experience-pos',
      'POST',
      `/v1/pickup-orders/${orderId}/${action}`,
      { storeId },
      { ...headers, 'idempotency-key': randomUUID() },
    );

  /** Waits until the order, read by its owner, has done `steps`: its follow-up work is over and nothing moves on its own. */
  const settled = (orderId: string, owner: Record<string, string>, steps: string[]) =>
    until(`${orderId}: ${steps.join(', ')}`, async () => {
      const answer = await read(orderId, owner);
      return answer.status === 200 && steps.every((s) => stepsOf(answer.body).includes(s))
        ? answer.body
        : undefined;
    });
  const PLACED = ['pick-list-sent', 'erp-demand-posted'];

  /** Places for `clientAppId` and waits until the follow-up work is done. */
  async function placeSettled(
    clientAppId: string,
    member?: string,
  ): Promise<PickupOrderBody & { accessToken?: string }> {
    const order = {
      storeId,
      lines: [{ sku, quantity: 1 }],
      ...(member && { memberId: member, redeemPoints: 10 }),
    };
    const placed = await orders.call<PickupOrderBody>(
      'experience-storefront',
      'POST',
      '/v1/pickup-orders',
      order,
      { ...as(clientAppId), 'idempotency-key': randomUUID() },
    );
    expect(placed.status).toBe(201);
    await settled(placed.body.orderId, as(clientAppId, placed.body.accessToken), PLACED);
    return placed.body;
  }

  const orderRow = async (orderId: string) =>
    (
      await db.query(
        `SELECT state, version, updated_at, access_token_sha256 FROM "${stack.schema}".pickup_orders WHERE order_id = $1`,
        [orderId],
      )
    ).rows[0];
  const idempotencyKeys = async (key: string) =>
    (await db.query(`SELECT scope FROM "${stack.schema}".idempotency_keys WHERE key = $1`, [key])).rows;

  it('answers a guest order to the client app that placed it, with its access token, and to nobody else', async () => {
    const guest = await placeSettled('web-shop');
    const other = await placeSettled('web-shop');
    expect(guest.accessToken).toMatch(/^pot_[A-Za-z0-9_-]{43}$/);

    expectNotFound(await read(guest.orderId, as('web-shop')));
    expectNotFound(await read(guest.orderId, as('web-shop', other.accessToken)));
    expectNotFound(
      await read(
        guest.orderId,
        as('web-shop', guest.accessToken!.slice(0, -1) + (guest.accessToken!.endsWith('A') ? 'B' : 'A')),
      ),
    );
    expectNotFound(await read(guest.orderId, as('phone-app', guest.accessToken)));
    expectNotFound(await read(guest.orderId, { 'x-order-access-token': guest.accessToken! }));

    const owned = await read(guest.orderId, as('web-shop', guest.accessToken));
    expect(owned.status).toBe(200);
    expect(owned.body).toMatchObject({ orderId: guest.orderId, state: 'RESERVED', memberId: null });
    expect(owned.body.accessToken).toBeUndefined();
  });

  it("answers a member's order to the client app that placed it, and to no other app", async () => {
    const order = await placeSettled('service-desk', memberId);
    expect(order.accessToken).toBeUndefined();
    expect((await read(order.orderId, as('service-desk'))).status).toBe(200);
    expectNotFound(await read(order.orderId, as('web-shop')));
    expectNotFound(await read(order.orderId, {}));
  });

  it('refuses a cancel by anyone but the owner, changing nothing and keeping its Idempotency-Key unused', async () => {
    const guest = await placeSettled('web-shop');
    const before = { row: await orderRow(guest.orderId), calls: await stack.sandbox.counters() };
    const key = randomUUID();

    expectNotFound(await cancel(guest.orderId, as('web-shop'), key));
    expectNotFound(await cancel(guest.orderId, as('phone-app', guest.accessToken), key));

    expect(await orderRow(guest.orderId)).toEqual(before.row);
    expect(await stack.sandbox.counters()).toEqual(before.calls);
    expect(await idempotencyKeys(key)).toEqual([]);
    // The owner's cancel under the same key runs: the refusals recorded no answer to replay.
    const cancelled = await cancel(guest.orderId, as('web-shop', guest.accessToken), key);
    expect(cancelled.status).toBe(200);
    expect(cancelled.headers.get('idempotent-replayed')).toBeNull();
    expect(cancelled.body.state).toBe('CANCELLED');
    await settled(guest.orderId, as('web-shop', guest.accessToken), ['holds-released']);
  });

  it("lets the order's store act on it whichever client app placed it, and refuses another store before recording anything", async () => {
    const guest = await placeSettled('web-shop');
    const otherStore = (await stack.sandbox.seed()).stores[7].storeId;
    const before = await orderRow(guest.orderId);
    const refused = await orders.call(
      'experience-pos',
      'POST',
      `/v1/pickup-orders/${guest.orderId}/ready`,
      { storeId: otherStore },
      { ...as('pos-till'), 'idempotency-key': 'other-store-ready' },
    );
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      type: 'https://omnigate.dev/problems/pickup-order-of-another-store',
    });
    expect(await orderRow(guest.orderId)).toEqual(before);
    expect(await idempotencyKeys('other-store-ready')).toEqual([]);

    expect((await storeAction(guest.orderId, 'ready', as('pos-till'))).body.state).toBe('READY_FOR_PICKUP');
    expect((await storeAction(guest.orderId, 'collect', as('pos-till'))).body.state).toBe('COLLECTED');
    await settled(guest.orderId, as('web-shop', guest.accessToken), [
      'erp-sale-posted',
      'reservation-consumed',
    ]);
  });

  it('keeps only the digest of an access token, and never writes the token to a log', async () => {
    const key = randomUUID();
    const order = { storeId, lines: [{ sku, quantity: 1 }] };
    const placed = await orders.call<PickupOrderBody>(
      'experience-storefront',
      'POST',
      '/v1/pickup-orders',
      order,
      { ...as('web-shop'), 'idempotency-key': key },
    );
    const token = placed.body.accessToken!;
    // A repeat of the placement answers the token again: the stored answer is replayed.
    const replay = await orders.call<PickupOrderBody>(
      'experience-storefront',
      'POST',
      '/v1/pickup-orders',
      order,
      { ...as('web-shop'), 'idempotency-key': key },
    );
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.accessToken).toBe(token);

    expect((await orderRow(placed.body.orderId)).access_token_sha256).toBe(
      createHash('sha256').update(token).digest('hex'),
    );
    const everywhere = await db.query(
      `SELECT count(*)::int AS n FROM "${stack.schema}".pickup_orders o
       LEFT JOIN "${stack.schema}".pickup_order_events e USING (order_id)
       WHERE o.order_id = $1 AND (row_to_json(o)::text LIKE '%' || $2 || '%' OR row_to_json(e)::text LIKE '%' || $2 || '%')`,
      [placed.body.orderId, token],
    );
    expect(everywhere.rows[0].n).toBe(0);

    expect((await read(placed.body.orderId, as('web-shop', token))).status).toBe(200);
    await settled(placed.body.orderId, as('web-shop', token), PLACED);
    expect(stack.orders.logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(stack.orders.logs)).not.toContain(token);
    expect(stack.orders.stderr()).not.toContain(token);
  });
});
