import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { LocalOauthServer } from '../../../libs/auth/test/local-oauth-server';
import type { AppProcess } from '../../support/app-process';
import { DEV_KEYS, DEV_STORES } from '../../support/experience-stack';
import {
  type OrdersStack,
  membersWith,
  skusAt,
  startExperienceOver,
  startOrdersStack,
  stepsOf,
  stopOrdersStack,
  until,
  type PickupOrderBody,
} from '../../support/orders-stack';
import { DATABASE_URL } from '../../support/stack';

/**
 * Who may act for whom, route by route, through both experience apps: for every member-, order- and
 * store-scoped route, each credential that must not act is refused (403/404 problem+json) and leaves
 * the backends and the order database as they were; the owner then succeeds.
 */

const [STORE, OTHER_STORE] = DEV_STORES;
const PROBLEM = 'https://omnigate.dev/problems/';
const TOKEN_SCOPES = 'availability:read pickup-orders:read pickup-orders:write loyalty:read';

type App = 'storefront' | 'pos';
interface Attempt {
  app: App;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}
interface Reply {
  status: number;
  contentType: string | null;
  body: any;
}
/** An order placed for the tests and the credential-free facts about it. */
interface Placed {
  orderId: string;
  accessToken?: string;
}

describe('who may act for whom at the experience APIs', () => {
  let stack: OrdersStack;
  let oauth: LocalOauthServer;
  let storefront: AppProcess;
  let pos: AppProcess;
  let db: Client;
  let skus: string[];
  let memberA: string;
  let memberB: string;
  /** The credentials, by who holds them. */
  const as: Record<string, Record<string, string>> = {};
  /** Orders the refusal rows aim at; nothing may change them. */
  const fixtures = {} as { memberOrder: Placed; guestOrder: Placed; otherGuestOrder: Placed };

  const apiKey = (key: string) => ({ 'x-api-key': key });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const withToken = (credential: Record<string, string>, token: string | undefined) => ({
    ...credential,
    ...(token && { 'x-order-access-token': token }),
  });

  async function send({ app, method, path, headers, body }: Attempt): Promise<Reply> {
    const response = await fetch(`${(app === 'storefront' ? storefront : pos).url}${path}`, {
      method,
      headers: {
        ...headers,
        ...(method === 'POST' && { 'content-type': 'application/json', 'idempotency-key': randomUUID() }),
      },
      body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: text ? JSON.parse(text) : undefined,
    };
  }

  let sku = 0;
  /** Places a pickup order through the storefront at the POS keys' store, one unit of the next SKU. */
  async function place(credential: Record<string, string>, memberId?: string): Promise<Placed> {
    const body = {
      storeId: STORE,
      lines: [{ sku: skus[sku++ % skus.length], quantity: 1 }],
      ...(memberId && { memberId, redeemPoints: 10 }),
    };
    const placed = await send({
      app: 'storefront',
      method: 'POST',
      path: '/v1/pickup-orders',
      headers: credential,
      body,
    });
    expect(placed.status).toBe(201);
    return { orderId: placed.body.orderId, accessToken: placed.body.accessToken };
  }

  /** Waits until the order, read by its owner, has done `steps`: its follow-up work is over and nothing moves on its own. */
  function settled(order: Placed, owner: Record<string, string>, steps: string[]): Promise<PickupOrderBody> {
    return until(`${order.orderId}: ${steps.join(', ')}`, async () => {
      const read = await send({
        app: 'storefront',
        method: 'GET',
        path: `/v1/pickup-orders/${order.orderId}`,
        headers: withToken(owner, order.accessToken),
      });
      return read.status === 200 && steps.every((s) => stepsOf(read.body).includes(s))
        ? (read.body as PickupOrderBody)
        : undefined;
    });
  }
  const PLACED = ['pick-list-sent', 'erp-demand-posted'];

  /** Places and waits for the follow-up work. */
  async function placeSettled(credential: Record<string, string>, memberId?: string): Promise<Placed> {
    const order = await place(credential, memberId);
    await settled(order, credential, PLACED);
    return order;
  }

  /** What a refused request must leave alone: every backend's call count, and every order, event and idempotency record. */
  async function footprint() {
    const counters = await stack.sandbox.counters();
    const rows = async (sql: string) => (await db.query(sql)).rows;
    return {
      backendCalls: Object.fromEntries(Object.entries(counters).map(([backend, c]) => [backend, c.total])),
      orders: await rows(
        `SELECT order_id, state, version, updated_at FROM "${stack.schema}".pickup_orders ORDER BY order_id`,
      ),
      events: await rows(`SELECT count(*)::int AS n FROM "${stack.schema}".pickup_order_events`),
      idempotencyKeys: await rows(`SELECT count(*)::int AS n FROM "${stack.schema}".idempotency_keys`),
    };
  }

  beforeAll(async () => {
    [stack, oauth] = await Promise.all([
      startOrdersStack({ database: 'postgres' }),
      LocalOauthServer.start(),
    ]);
    // Dozens of calls per second with one key: plans are not what this file tests.
    const env = { RATE_LIMITING_ENABLED: 'false' };
    [storefront, pos] = await Promise.all([
      startExperienceOver(stack, 'experience-storefront', {
        ...env,
        OAUTH_JWKS_URL: oauth.url,
        OAUTH_ISSUER: oauth.issuer,
        OAUTH_AUDIENCE: oauth.audience,
      }),
      startExperienceOver(stack, 'experience-pos', env),
    ]);
    db = new Client({ connectionString: DATABASE_URL });
    await db.connect();

    skus = await skusAt(stack.sandbox, STORE, 6, (l) => l.onHand >= 10);
    [memberA, memberB] = await membersWith(stack.sandbox, (m) => m.status === 'ACTIVE' && m.points >= 1_000);
    const shopperToken = (clientId: string, memberId: string) =>
      oauth.issue({ client_id: clientId, scope: TOKEN_SCOPES, member_id: memberId }, { expiresInS: 3_600 });
    Object.assign(as, {
      'member A (web token)': bearer(await shopperToken('dev-storefront-web', memberA)),
      'member B (web token)': bearer(await shopperToken('dev-storefront-web', memberB)),
      'member A (mobile token)': bearer(await shopperToken('dev-storefront-mobile', memberA)),
      'web shop (key)': apiKey(DEV_KEYS.web),
      'web shop (token, no member)': bearer(
        await oauth.issue({ client_id: 'dev-storefront-web', scope: TOKEN_SCOPES }, { expiresInS: 3_600 }),
      ),
      'phone app (key)': apiKey(DEV_KEYS.mobile),
      'customer service (trusted key)': apiKey(DEV_KEYS.service),
      'partner (key)': apiKey(DEV_KEYS.partner),
      'store 1 register (POS key)': apiKey(DEV_KEYS.posStore1Register),
      'store 2 register (POS key)': apiKey(DEV_KEYS.posStore2Register),
    });

    fixtures.memberOrder = await placeSettled(as['member A (web token)'], memberA);
    fixtures.guestOrder = await placeSettled(as['web shop (key)']);
    fixtures.otherGuestOrder = await placeSettled(as['web shop (key)']);
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await Promise.all([storefront?.stop(), pos?.stop()]);
    await stopOrdersStack(stack);
    await oauth?.close();
  });

  const memberAccount = (): Omit<Attempt, 'headers'> => ({
    app: 'storefront',
    method: 'GET',
    path: `/v1/loyalty/members/${memberA}`,
  });
  const placeForMember = (redeemPoints?: number): Omit<Attempt, 'headers'> => ({
    app: 'storefront',
    method: 'POST',
    path: '/v1/pickup-orders',
    body: {
      storeId: STORE,
      memberId: memberA,
      lines: [{ sku: skus[0], quantity: 1 }],
      ...(redeemPoints && { redeemPoints }),
    },
  });
  const readOrder = (order: Placed): Omit<Attempt, 'headers'> => ({
    app: 'storefront',
    method: 'GET',
    path: `/v1/pickup-orders/${order.orderId}`,
  });
  const cancelOrder = (order: Placed): Omit<Attempt, 'headers'> => ({
    app: 'storefront',
    method: 'POST',
    path: `/v1/pickup-orders/${order.orderId}/cancel`,
  });
  const storeAction = (
    action: 'ready' | 'collect',
    storeId: string,
    order: Placed,
  ): Omit<Attempt, 'headers'> => ({
    app: 'pos',
    method: 'POST',
    path: `/v1/stores/${storeId}/pickup-orders/${order.orderId}/${action}`,
  });
  const storeRead = (what: 'prices' | 'availability', storeId: string): Omit<Attempt, 'headers'> => ({
    app: 'pos',
    method: 'GET',
    path: `/v1/stores/${storeId}/${what}?skus=${skus[0]}`,
  });

  /** [route, who tries, the request, expected status, expected problem type]. */
  type Refusal = [string, string, () => Attempt, number, string];
  /** A guest order access token a row presents, and what it is. */
  type PresentedToken = [string, () => string | undefined];
  const by = (
    who: string,
    request: () => Omit<Attempt, 'headers'>,
    token?: PresentedToken,
  ): [string, () => Attempt] => [
    token ? `${who} with ${token[0]}` : who,
    () => ({ ...request(), headers: withToken(as[who], token?.[1]()) }),
  ];
  const refusals = (route: string, rows: [string, () => Attempt, number, string][]): Refusal[] =>
    rows.map(([who, attempt, status, slug]) => [route, who, attempt, status, slug]);
  const guestToken = () => fixtures.guestOrder.accessToken;
  const GUEST_TOKEN: PresentedToken = ["the guest order's token", guestToken];
  const OTHER_TOKEN: PresentedToken = ["another order's token", () => fixtures.otherGuestOrder.accessToken];
  const FORGED_TOKEN: PresentedToken = ['a forged token', () => `pot_${'A'.repeat(43)}`];

  const memberOrderRefusals = (route: string, request: (order: Placed) => Omit<Attempt, 'headers'>) =>
    refusals(route, [
      [...by('member B (web token)', () => request(fixtures.memberOrder)), 403, 'member-not-permitted'],
      [...by('web shop (key)', () => request(fixtures.memberOrder)), 403, 'member-credential-required'],
      [
        ...by('web shop (token, no member)', () => request(fixtures.memberOrder)),
        403,
        'member-credential-required',
      ],
      [
        ...by('web shop (key)', () => request(fixtures.memberOrder), GUEST_TOKEN),
        403,
        'member-credential-required',
      ],
      [...by('phone app (key)', () => request(fixtures.memberOrder)), 404, 'pickup-order-not-found'],
      [...by('member A (mobile token)', () => request(fixtures.memberOrder)), 404, 'pickup-order-not-found'],
      [
        ...by('customer service (trusted key)', () => request(fixtures.memberOrder)),
        404,
        'pickup-order-not-found',
      ],
      [...by('store 1 register (POS key)', () => request(fixtures.memberOrder)), 403, 'channel-not-allowed'],
    ]);
  const guestOrderRefusals = (route: string, request: (order: Placed) => Omit<Attempt, 'headers'>) =>
    refusals(route, [
      [...by('web shop (key)', () => request(fixtures.guestOrder)), 404, 'pickup-order-not-found'],
      [
        ...by('web shop (key)', () => request(fixtures.guestOrder), OTHER_TOKEN),
        404,
        'pickup-order-not-found',
      ],
      [
        ...by('web shop (key)', () => request(fixtures.guestOrder), FORGED_TOKEN),
        404,
        'pickup-order-not-found',
      ],
      [...by('member A (web token)', () => request(fixtures.guestOrder)), 404, 'pickup-order-not-found'],
      [
        ...by('phone app (key)', () => request(fixtures.guestOrder), GUEST_TOKEN),
        404,
        'pickup-order-not-found',
      ],
      [
        ...by('customer service (trusted key)', () => request(fixtures.guestOrder), GUEST_TOKEN),
        404,
        'pickup-order-not-found',
      ],
    ]);
  const store2 = (where: string, request: () => Omit<Attempt, 'headers'>): [string, () => Attempt] => [
    `store 2 register (POS key) ${where}`,
    () => ({ ...request(), headers: as['store 2 register (POS key)'] }),
  ];
  const storeActionRefusals = (action: 'ready' | 'collect') =>
    refusals(`POS ${action}`, [
      [
        ...store2("on store 1's path", () => storeAction(action, STORE, fixtures.guestOrder)),
        403,
        'store-not-permitted',
      ],
      [
        ...store2("on its own store's path, for store 1's order", () =>
          storeAction(action, OTHER_STORE, fixtures.guestOrder),
        ),
        403,
        'pickup-order-of-another-store',
      ],
      [
        ...by('web shop (key)', () => storeAction(action, STORE, fixtures.guestOrder)),
        403,
        'channel-not-allowed',
      ],
    ]);
  const storeReadRefusals = (what: 'prices' | 'availability') =>
    refusals(`POS ${what}`, [
      [...store2("on store 1's path", () => storeRead(what, STORE)), 403, 'store-not-permitted'],
      [...by('web shop (key)', () => storeRead(what, STORE)), 403, 'channel-not-allowed'],
    ]);

  const REFUSALS: Refusal[] = [
    ...refusals('member account', [
      [...by('member B (web token)', memberAccount), 403, 'member-not-permitted'],
      [...by('web shop (key)', memberAccount), 403, 'member-credential-required'],
      [...by('web shop (token, no member)', memberAccount), 403, 'member-credential-required'],
      [...by('phone app (key)', memberAccount), 403, 'member-credential-required'],
      [...by('store 1 register (POS key)', memberAccount), 403, 'channel-not-allowed'],
    ]),
    ...refusals('place for a member, redeeming points', [
      [...by('member B (web token)', () => placeForMember(10)), 403, 'member-not-permitted'],
      [...by('web shop (key)', () => placeForMember(10)), 403, 'member-credential-required'],
      [...by('phone app (key)', () => placeForMember(10)), 403, 'member-credential-required'],
      [...by('partner (key)', () => placeForMember(10)), 403, 'scope-missing'],
    ]),
    ...refusals('place for a member, no points', [
      [...by('member B (web token)', () => placeForMember()), 403, 'member-not-permitted'],
      [...by('web shop (key)', () => placeForMember()), 403, 'member-credential-required'],
    ]),
    ...memberOrderRefusals("read a member's order", readOrder),
    ...memberOrderRefusals("cancel a member's order", cancelOrder),
    ...guestOrderRefusals('read a guest order', readOrder),
    ...guestOrderRefusals('cancel a guest order', cancelOrder),
    ...storeActionRefusals('ready'),
    ...storeActionRefusals('collect'),
    ...storeReadRefusals('prices'),
    ...storeReadRefusals('availability'),
  ];

  it.each(REFUSALS)('%s: refuses %s, changing nothing', async (_route, _who, attempt, status, slug) => {
    const before = await footprint();
    const reply = await send(attempt());
    expect({ status: reply.status, type: reply.body?.type }).toEqual({ status, type: `${PROBLEM}${slug}` });
    expect(reply.contentType).toContain('application/problem+json');
    expect(await footprint()).toEqual(before);
  });

  describe('the owner succeeds', () => {
    it("member account: the member's own token, and the trusted customer-service app", async () => {
      for (const who of ['member A (web token)', 'customer service (trusted key)']) {
        const read = await send({ ...memberAccount(), headers: as[who] });
        expect({ who, status: read.status, memberId: read.body.memberId }).toEqual({
          who,
          status: 200,
          memberId: memberA,
        });
      }
    });

    it.each(['member A (web token)', 'customer service (trusted key)'])(
      'place for a member, redeeming points: %s',
      async (who) => {
        const placed = await send({ ...placeForMember(10), headers: as[who] });
        expect(placed.status).toBe(201);
        expect(placed.body).toMatchObject({ memberId: memberA, pointsRedeemed: 10, state: 'RESERVED' });
        expect(placed.body.accessToken).toBeUndefined();
        await settled({ orderId: placed.body.orderId }, as[who], PLACED);
      },
    );

    it("read a member's order: the member's token through the app that placed it", async () => {
      const read = await send({ ...readOrder(fixtures.memberOrder), headers: as['member A (web token)'] });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ orderId: fixtures.memberOrder.orderId, memberId: memberA });
    });

    it("read and cancel a member's order: the trusted customer-service app, for an order it placed", async () => {
      const order = await placeSettled(as['customer service (trusted key)'], memberB);
      expect(
        (await send({ ...readOrder(order), headers: as['customer service (trusted key)'] })).status,
      ).toBe(200);
      const cancelled = await send({ ...cancelOrder(order), headers: as['customer service (trusted key)'] });
      expect({ status: cancelled.status, state: cancelled.body.state }).toEqual({
        status: 200,
        state: 'CANCELLED',
      });
      await settled(order, as['customer service (trusted key)'], ['holds-released']);
    });

    it("cancel a member's order: the member's token", async () => {
      const order = await placeSettled(as['member A (web token)'], memberA);
      const cancelled = await send({ ...cancelOrder(order), headers: as['member A (web token)'] });
      expect({ status: cancelled.status, state: cancelled.body.state }).toEqual({
        status: 200,
        state: 'CANCELLED',
      });
      await settled(order, as['member A (web token)'], ['holds-released']);
    });

    it('read a guest order: the app that placed it, with its access token, key or token alike', async () => {
      for (const who of ['web shop (key)', 'member A (web token)']) {
        const read = await send({
          ...readOrder(fixtures.guestOrder),
          headers: withToken(as[who], guestToken()),
        });
        expect({ who, status: read.status, orderId: read.body.orderId }).toEqual({
          who,
          status: 200,
          orderId: fixtures.guestOrder.orderId,
        });
      }
    });

    it('cancel a guest order: the app that placed it, with its access token', async () => {
      const order = await placeSettled(as['web shop (key)']);
      const cancelled = await send({
        ...cancelOrder(order),
        headers: withToken(as['web shop (key)'], order.accessToken),
      });
      expect({ status: cancelled.status, state: cancelled.body.state }).toEqual({
        status: 200,
        state: 'CANCELLED',
      });
      await settled(order, as['web shop (key)'], ['holds-released']);
    });

    it("POS ready and collect: a register of the order's store, on an order the storefront placed", async () => {
      const order = await placeSettled(as['web shop (key)']);
      const ready = await send({
        ...storeAction('ready', STORE, order),
        headers: as['store 1 register (POS key)'],
      });
      expect({ status: ready.status, state: ready.body.state }).toEqual({
        status: 200,
        state: 'READY_FOR_PICKUP',
      });
      const collected = await send({
        ...storeAction('collect', STORE, order),
        headers: as['store 1 register (POS key)'],
      });
      expect({ status: collected.status, state: collected.body.state }).toEqual({
        status: 200,
        state: 'COLLECTED',
      });
      await settled(order, as['web shop (key)'], ['erp-sale-posted', 'reservation-consumed']);
    });

    it.each(['prices', 'availability'] as const)('POS %s: a register of its own store', async (what) => {
      const read = await send({ ...storeRead(what, STORE), headers: as['store 1 register (POS key)'] });
      expect({ status: read.status, storeId: read.body.storeId }).toEqual({ status: 200, storeId: STORE });
    });
  });
});
