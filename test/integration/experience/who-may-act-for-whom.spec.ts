import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { LocalOauthServer } from '../../../libs/auth/test/local-oauth-server';
import type { AppProcess } from '../../support/app-process';
import { DEV_KEYS, DEV_STORES, WITHOUT_PLANS } from '../../support/experience-stack';
import {
  OrdersClient,
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
import {
  type PartlyReturnedSale,
  heldRedemption,
  partlyReturnedSale,
  returnableSkuAt,
  tillSale,
} from '../../support/till-fixtures';
import { redemptionWhen } from '../till-redemptions/till-redemption-support';

/**
 * Who may act for whom, route by route, through both experience apps: for every member-, order- and
 * store-scoped route (pickup orders, member accounts, till sales, points holds, returns, store
 * prices and availability), each credential that must not act is refused (403/404 problem+json)
 * and leaves the backends and the process-orders database as they were; the owner then succeeds.
 */

const [STORE, OTHER_STORE] = DEV_STORES;
const PROBLEM = 'https://omnigate.dev/problems/';
const TOKEN_SCOPES = 'availability:read pickup-orders:read pickup-orders:write loyalty:read';
/** Sales the refusal rows send start here, clear of the fixtures' and the owners' sequences. */
const REFUSED_SALES_FROM = 1_000;

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
  let orders: OrdersClient;
  let db: Client;
  let skus: string[];
  let memberA: string;
  let memberB: string;
  /** The credentials, by who holds them. */
  const as: Record<string, Record<string, string>> = {};
  /** Orders, points holds and returns the refusal rows aim at; nothing may change them. */
  const fixtures = {} as {
    memberOrder: Placed;
    guestOrder: Placed;
    otherGuestOrder: Placed;
    /** Member B's points held at store 1 (AUTHORIZED). */
    redemptionId: string;
    /** Member A's sale at store 1, register R01, one of its two units returned there. */
    memberReturn: PartlyReturnedSale;
  };

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

  /**
   * What a refused request must leave alone: every backend's call count, and every order, sale,
   * points hold, return (and the returned quantity of each receipt line), event, ERP posting and
   * idempotency record.
   */
  async function footprint() {
    const counters = await stack.sandbox.counters();
    const rows = async (sql: string) => (await db.query(sql)).rows;
    return {
      backendCalls: Object.fromEntries(Object.entries(counters).map(([backend, c]) => [backend, c.total])),
      orders: await rows(
        `SELECT order_id, state, version, updated_at FROM "${stack.schema}".pickup_orders ORDER BY order_id`,
      ),
      events: await rows(`SELECT count(*)::int AS n FROM "${stack.schema}".pickup_order_events`),
      instances: await rows(
        `SELECT workflow, instance_id, state, version, updated_at FROM "${stack.schema}".workflow_instances ORDER BY workflow, instance_id`,
      ),
      instanceEvents: await rows(`SELECT count(*)::int AS n FROM "${stack.schema}".workflow_events`),
      receiptLines: await rows(
        `SELECT receipt_key, line_number, returned_quantity FROM "${stack.schema}".return_receipt_lines ORDER BY receipt_key, line_number`,
      ),
      saleConflicts: await rows(`SELECT count(*)::int AS n FROM "${stack.schema}".store_sale_conflicts`),
      postings: await rows(
        `SELECT posting_id, status FROM "${stack.schema}".erp_postings ORDER BY posting_id`,
      ),
      idempotencyKeys: await rows(`SELECT count(*)::int AS n FROM "${stack.schema}".idempotency_keys`),
    };
  }

  beforeAll(async () => {
    [stack, oauth] = await Promise.all([
      startOrdersStack({ database: 'postgres' }),
      LocalOauthServer.start(),
    ]);
    // Dozens of calls per second with one key.
    const env = WITHOUT_PLANS;
    [storefront, pos] = await Promise.all([
      startExperienceOver(stack, 'experience-storefront', {
        ...env,
        OAUTH_JWKS_URL: oauth.url,
        OAUTH_ISSUER: oauth.issuer,
        OAUTH_AUDIENCE: oauth.audience,
      }),
      startExperienceOver(stack, 'experience-pos', env),
    ]);
    orders = new OrdersClient(stack);
    db = new Client({ connectionString: DATABASE_URL });
    await db.connect();

    skus = await skusAt(stack.sandbox, STORE, 6, (l) => l.onHand >= 10);
    [memberA, memberB] = await membersWith(stack.sandbox, (m) => m.status === 'ACTIVE' && m.points >= 1_000);
    const shopperToken = (clientId: string, memberId: string, scope = TOKEN_SCOPES) =>
      oauth.issue({ client_id: clientId, scope, member_id: memberId }, { expiresInS: 3_600 });
    Object.assign(as, {
      'member A (web token)': bearer(await shopperToken('dev-storefront-web', memberA)),
      'member B (web token)': bearer(await shopperToken('dev-storefront-web', memberB)),
      'member A (mobile token)': bearer(await shopperToken('dev-storefront-mobile', memberA)),
      // The customer-service app acting for one member: its token is narrowed to that member.
      'member A (customer-service token)': bearer(
        await shopperToken('dev-customer-service', memberA, 'returns:read'),
      ),
      'member B (customer-service token)': bearer(
        await shopperToken('dev-customer-service', memberB, 'returns:read'),
      ),
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
    fixtures.redemptionId = await heldRedemption(pos, DEV_KEYS.posStore1Register, {
      storeId: STORE,
      memberId: memberB,
      points: 50,
    });
    fixtures.memberReturn = await partlyReturnedSale(orders, pos, DEV_KEYS.posStore1Register, {
      storeId: STORE,
      registerId: 'R01',
      sequence: 1,
      sku: await returnableSkuAt(stack.sandbox, STORE),
      memberId: memberA,
    });
  }, 180_000);
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

  let refusedSale = REFUSED_SALES_FROM;
  /** A sale not sent before, so a batch let through would record it. */
  const saleAt = (storeId: string, registerId: string) =>
    tillSale({ storeId, registerId, sequence: refusedSale++, sku: skus[0] });
  const postSales = (sales: () => unknown[]): Omit<Attempt, 'headers'> => ({
    app: 'pos',
    method: 'POST',
    path: '/v1/sales',
    body: { sales: sales() },
  });
  const holdPoints = (storeId: string): Omit<Attempt, 'headers'> => ({
    app: 'pos',
    method: 'POST',
    path: '/v1/loyalty/redemptions',
    body: { storeId, memberId: memberB, points: 10 },
  });
  const redemptionAction = (action: 'capture' | 'void', storeId: string): Omit<Attempt, 'headers'> => ({
    app: 'pos',
    method: 'POST',
    path: `/v1/loyalty/redemptions/${fixtures.redemptionId}/${action}`,
    body: { storeId },
  });
  /** The unit of the member's sale still returnable: a return let through would take it. */
  const takeReturn = (storeId: string): Omit<Attempt, 'headers'> => ({
    app: 'pos',
    method: 'POST',
    path: '/v1/returns',
    body: {
      storeId,
      registerId: 'R01',
      saleKey: fixtures.memberReturn.saleKey,
      lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
    },
  });
  const readReturn = (app: App): Omit<Attempt, 'headers'> => ({
    app,
    method: 'GET',
    path: `/v1/returns/${fixtures.memberReturn.returnId}`,
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
  /** A row whose test name says what the credential aims at. */
  const aiming = (
    who: string,
    where: string,
    request: () => Omit<Attempt, 'headers'>,
  ): [string, () => Attempt] => [`${who} ${where}`, () => ({ ...request(), headers: as[who] })];
  const store2 = (where: string, request: () => Omit<Attempt, 'headers'>) =>
    aiming('store 2 register (POS key)', where, request);
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
  const redemptionRefusals = (action: 'capture' | 'void') =>
    refusals(`POS ${action} a points hold`, [
      [
        ...store2("naming its own store, for store 1's hold", () => redemptionAction(action, OTHER_STORE)),
        403,
        'till-redemption-of-another-store',
      ],
      [...store2('naming store 1', () => redemptionAction(action, STORE)), 403, 'store-not-permitted'],
      [...by('web shop (key)', () => redemptionAction(action, STORE)), 403, 'channel-not-allowed'],
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
    ...refusals('POS sales', [
      [
        ...store2("with a sale of store 1's register", () => postSales(() => [saleAt(STORE, 'R01')])),
        403,
        'store-not-permitted',
      ],
      [
        ...aiming('store 1 register (POS key)', "with its own sale and one of store 2's", () =>
          postSales(() => [saleAt(STORE, 'R01'), saleAt(OTHER_STORE, 'R01')]),
        ),
        403,
        'store-not-permitted',
      ],
      [
        ...aiming('store 1 register (POS key)', 'with a sale of register R02', () =>
          postSales(() => [saleAt(STORE, 'R02')]),
        ),
        403,
        'register-not-permitted',
      ],
      [...by('web shop (key)', () => postSales(() => [saleAt(STORE, 'R01')])), 403, 'channel-not-allowed'],
    ]),
    ...refusals('POS hold points', [
      [...store2('at store 1', () => holdPoints(STORE)), 403, 'store-not-permitted'],
      [...by('web shop (key)', () => holdPoints(STORE)), 403, 'channel-not-allowed'],
    ]),
    ...redemptionRefusals('capture'),
    ...redemptionRefusals('void'),
    ...refusals('POS take a return', [
      [...store2("at store 1, of store 1's sale", () => takeReturn(STORE)), 403, 'store-not-permitted'],
      [...by('web shop (key)', () => takeReturn(STORE)), 403, 'channel-not-allowed'],
    ]),
    ...refusals('POS read a return', [
      [...store2("for store 1's return", () => readReturn('pos')), 404, 'return-not-found'],
      [...by('web shop (key)', () => readReturn('pos')), 403, 'channel-not-allowed'],
    ]),
    ...refusals("customer service: read a member's return", [
      [...by('web shop (key)', () => readReturn('storefront')), 403, 'scope-missing'],
      [...by('member B (web token)', () => readReturn('storefront')), 403, 'scope-missing'],
      [...by('member B (customer-service token)', () => readReturn('storefront')), 404, 'return-not-found'],
      [...by('phone app (key)', () => readReturn('storefront')), 403, 'scope-missing'],
      [...by('partner (key)', () => readReturn('storefront')), 403, 'scope-missing'],
      [...by('store 1 register (POS key)', () => readReturn('storefront')), 403, 'channel-not-allowed'],
    ]),
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

    it("POS sales: a register, its own register's sale", async () => {
      const sale = tillSale({ storeId: STORE, registerId: 'R01', sequence: 2, sku: skus[0] });
      const posted = await send({ ...postSales(() => [sale]), headers: as['store 1 register (POS key)'] });
      expect({ status: posted.status, outcome: posted.body.results[0].outcome }).toEqual({
        status: 200,
        outcome: 'accepted',
      });
      await until('the sale posted to the ERP', async () => {
        const view = await orders.call('operator', 'GET', `/v1/sales/${posted.body.results[0].saleId}`);
        return view.body.timeline?.some((e: { step: string }) => e.step === 'erp-sale-posted') || undefined;
      });
    });

    it.each([
      ['capture', 'CAPTURED', 'erp-points_liability-posted'],
      ['void', 'VOIDED', 'points-released'],
    ] as const)("POS %s a points hold: a register of the hold's store", async (action, state, settledBy) => {
      const redemptionId = await heldRedemption(pos, DEV_KEYS.posStore1Register, {
        storeId: STORE,
        memberId: memberB,
        points: 10,
      });
      const acted = await send({
        app: 'pos',
        method: 'POST',
        path: `/v1/loyalty/redemptions/${redemptionId}/${action}`,
        body: { storeId: STORE },
        headers: as['store 1 register (POS key)'],
      });
      expect({ status: acted.status, state: acted.body.state }).toEqual({ status: 200, state });
      await redemptionWhen(orders, redemptionId, settledBy, (r) =>
        r.timeline.some((e) => e.step === settledBy),
      );
    });

    it("read a return: a register of its store, the trusted customer-service app, and its member's token", async () => {
      for (const [app, who] of [
        ['pos', 'store 1 register (POS key)'],
        ['storefront', 'customer service (trusted key)'],
        ['storefront', 'member A (customer-service token)'],
      ] as const) {
        const read = await send({ ...readReturn(app), headers: as[who] });
        expect({
          who,
          status: read.status,
          returnId: read.body.returnId,
          memberId: read.body.memberId,
        }).toEqual({
          who,
          status: 200,
          returnId: fixtures.memberReturn.returnId,
          memberId: memberA,
        });
      }
    });
  });
});
