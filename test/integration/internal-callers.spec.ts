import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callerKeyDigestsSetting, newInternalKey } from '../../libs/auth/src/internal-caller-keys';
import type { InternalCaller } from '../../libs/auth/src/internal-callers';
import { type AppProcess } from '../support/app-process';
import {
  OrdersClient,
  type OrdersStack,
  erpDocumentsListed,
  membersWith,
  pointsOf,
  skusAt,
  startOrdersStack,
  stopOrdersStack,
} from '../support/orders-stack';
import type { Backend } from '../support/sandbox-client';
import { CALLER_KEYS, callerHeaders, startSystemApp, stopAll } from '../support/stack';

const problemType = (slug: string) => `https://omnigate.dev/problems/${slug}`;

async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return { status: response.status, type: ((await response.json()) as { type: string }).type };
}

const NOT_ALLOWED = { status: 403, type: problemType('internal-caller-not-allowed') };

describe('internal callers, each with its own key and only the routes it needs', () => {
  let stack: OrdersStack;
  let orders: OrdersClient;
  let storeId: string;
  let sku: string;
  let memberId: string;

  beforeAll(async () => {
    stack = await startOrdersStack({ database: 'pglite' });
    orders = new OrdersClient(stack);
    storeId = (await stack.sandbox.seed()).stores[3].storeId;
    [sku] = await skusAt(stack.sandbox, storeId, 1, (l) => l.onHand >= 5);
    [memberId] = await membersWith(stack.sandbox, (m) => m.status === 'ACTIVE' && m.points >= 500);
  });
  afterAll(() => stopOrdersStack(stack));

  const send = (
    app: AppProcess,
    method: string,
    path: string,
    caller: InternalCaller,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${app.url}${path}`, {
      method,
      headers: {
        ...callerHeaders(caller),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  /** Every call the sandbox received for a backend so far. */
  const backendCalls = async (backend: Backend) => (await stack.sandbox.counters())[backend]?.total ?? 0;

  describe('system-erp postings admit process-orders only', () => {
    const posting = (postingId: string) => ({
      postingId,
      kind: 'SALE',
      storeId,
      currency: 'USD',
      occurredAt: new Date().toISOString(),
      lines: [{ sku, quantity: 1, netAmountMinor: 1299 }],
    });

    it('refuses the experience apps, the operator and the scraper, and the ERP hears nothing', async () => {
      const postingId = `role_${randomBytes(6).toString('hex')}`;
      const before = await backendCalls('erp');
      for (const caller of [
        'experience-storefront',
        'experience-pos',
        'operator',
        'metrics-scraper',
      ] as const) {
        expect(
          await problemOf(await send(stack.systems.erp, 'POST', '/v1/postings', caller, posting(postingId))),
        ).toEqual(NOT_ALLOWED);
      }
      expect(await backendCalls('erp')).toBe(before);
      expect(await erpDocumentsListed(stack.sandbox, postingId)).toEqual([]);
    });

    it('posts the same document for process-orders', async () => {
      const postingId = `role_${randomBytes(6).toString('hex')}`;
      expect(
        (await send(stack.systems.erp, 'POST', '/v1/postings', 'process-orders', posting(postingId))).status,
      ).toBe(200);
      expect(await erpDocumentsListed(stack.sandbox, postingId)).toHaveLength(1);
    });
  });

  describe('system-loyalty points movements admit process-orders only', () => {
    it('refuses accruals, redemptions and their cancellation from any other caller, and no point moves', async () => {
      const pointsBefore = await pointsOf(stack.sandbox, memberId);
      const before = await backendCalls('loyalty');
      const movement = { reference: `role-${randomUUID()}`, points: 100 };
      for (const caller of ['experience-storefront', 'experience-pos', 'operator'] as const) {
        const calls = [
          send(stack.systems.loyalty, 'POST', `/v1/members/${memberId}/accruals`, caller, movement),
          send(stack.systems.loyalty, 'POST', `/v1/members/${memberId}/redemptions`, caller, movement),
          send(stack.systems.loyalty, 'POST', '/v1/redemptions/RD-any/cancel', caller, {}),
          send(stack.systems.loyalty, 'POST', '/v1/accruals/sale-any/reversals', caller, movement),
        ];
        for (const response of await Promise.all(calls))
          expect(await problemOf(response)).toEqual(NOT_ALLOWED);
      }
      expect(await backendCalls('loyalty')).toBe(before);
      expect(await pointsOf(stack.sandbox, memberId)).toBe(pointsBefore);
    });

    it('accrues for process-orders', async () => {
      const pointsBefore = await pointsOf(stack.sandbox, memberId);
      const accrual = { reference: `role-${randomUUID()}`, points: 25 };
      expect(
        (
          await send(
            stack.systems.loyalty,
            'POST',
            `/v1/members/${memberId}/accruals`,
            'process-orders',
            accrual,
          )
        ).status,
      ).toBe(200);
      expect(await pointsOf(stack.sandbox, memberId)).toBe(pointsBefore + 25);
    });

    it('lets the experience apps and process-orders read a member', async () => {
      for (const caller of ['experience-storefront', 'experience-pos', 'process-orders'] as const) {
        expect((await send(stack.systems.loyalty, 'GET', `/v1/members/${memberId}`, caller)).status).toBe(
          200,
        );
      }
      expect(
        await problemOf(await send(stack.systems.loyalty, 'GET', `/v1/members/${memberId}`, 'operator')),
      ).toEqual(NOT_ALLOWED);
    });
  });

  it('keeps the OMS to process-orders: a reservation from an experience app reaches nothing', async () => {
    const before = await backendCalls('oms');
    const reservation = {
      reservationRef: `role-${randomUUID()}`,
      storeId,
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      lines: [{ sku, quantity: 1 }],
    };
    for (const caller of ['experience-storefront', 'experience-pos', 'operator'] as const) {
      expect(
        await problemOf(await send(stack.systems.oms, 'POST', '/v1/reservations', caller, reservation)),
      ).toEqual(NOT_ALLOWED);
    }
    expect(await backendCalls('oms')).toBe(before);
  });

  describe('process-orders', () => {
    it('keeps operations and dead-letter replay to the operator', async () => {
      const replay = `/v1/ops/dead-letters/erp-postings/${randomUUID()}/replay`;
      for (const caller of [
        'experience-storefront',
        'experience-pos',
        'process-orders',
        'metrics-scraper',
      ] as const) {
        expect(await problemOf(await send(stack.orders, 'GET', '/v1/ops/erp-postings', caller))).toEqual(
          NOT_ALLOWED,
        );
        expect(
          await problemOf(await send(stack.orders, 'GET', '/v1/ops/dead-letters?queue=erp-postings', caller)),
        ).toEqual(NOT_ALLOWED);
        expect(await problemOf(await send(stack.orders, 'POST', replay, caller, {}))).toEqual(NOT_ALLOWED);
      }
      expect((await send(stack.orders, 'GET', '/v1/ops/erp-postings', 'operator')).status).toBe(200);
      // The operator gets past the guard to the handler, which finds no such letter.
      expect(await problemOf(await send(stack.orders, 'POST', replay, 'operator', {}))).toEqual({
        status: 404,
        type: problemType('dead-letter-not-found'),
      });
    });

    it('takes orders from the storefront only, and store actions from the POS only', async () => {
      const reservationsBefore = (await stack.sandbox.calls('oms', 'POST reservations')).length;
      const order = { storeId, lines: [{ sku, quantity: 1 }] };
      for (const caller of ['experience-pos', 'process-orders', 'operator'] as const) {
        const placed = await send(stack.orders, 'POST', '/v1/pickup-orders', caller, order, {
          'idempotency-key': randomUUID(),
        });
        expect(await problemOf(placed)).toEqual(NOT_ALLOWED);
      }
      expect((await stack.sandbox.calls('oms', 'POST reservations')).length).toBe(reservationsBefore);

      const placed = await orders.place(order);
      expect(placed.status).toBe(201);
      const { orderId } = placed.body;
      for (const action of ['ready', 'collect']) {
        const answer = await send(
          stack.orders,
          'POST',
          `/v1/pickup-orders/${orderId}/${action}`,
          'experience-storefront',
          { storeId },
          { 'idempotency-key': randomUUID() },
        );
        expect(await problemOf(answer)).toEqual(NOT_ALLOWED);
      }
      expect(
        await problemOf(
          await send(
            stack.orders,
            'POST',
            `/v1/pickup-orders/${orderId}/cancel`,
            'experience-pos',
            {},
            { 'idempotency-key': randomUUID() },
          ),
        ),
      ).toEqual(NOT_ALLOWED);
      expect((await orders.get(orderId)).body.state).toBe('RESERVED');
    });

    it("shows a member's points holds to the storefront only", async () => {
      expect(
        (await send(stack.orders, 'GET', `/v1/members/${memberId}/points-holds`, 'experience-storefront'))
          .status,
      ).toBe(200);
      expect(
        await problemOf(
          await send(stack.orders, 'GET', `/v1/members/${memberId}/points-holds`, 'experience-pos'),
        ),
      ).toEqual(NOT_ALLOWED);
    });
  });

  describe('X-On-Behalf-Of and X-Channel', () => {
    const stock = () => `/v1/inventory/stores/${storeId}?skus=${sku}`;

    it('are trusted from the experience apps', async () => {
      for (const caller of ['experience-storefront', 'experience-pos'] as const) {
        const answer = await send(stack.systems.erp, 'GET', stock(), caller, undefined, {
          'x-on-behalf-of': 'dev-storefront-web',
          'x-channel': 'storefront-web',
        });
        expect(answer.status).toBe(200);
      }
    });

    it('are refused from any other caller, on reads and on writes, and nothing reaches the ERP', async () => {
      const refused = { status: 403, type: problemType('on-behalf-of-not-allowed') };
      expect(
        await problemOf(
          await send(stack.systems.erp, 'GET', stock(), 'process-orders', undefined, {
            'x-on-behalf-of': 'dev-storefront-web',
          }),
        ),
      ).toEqual(refused);
      expect(
        await problemOf(
          await send(stack.orders, 'GET', '/v1/ops/erp-postings', 'operator', undefined, {
            'x-channel': 'pos',
          }),
        ),
      ).toEqual(refused);
      const postingId = `role_${randomBytes(6).toString('hex')}`;
      const body = {
        postingId,
        kind: 'SALE',
        storeId,
        currency: 'USD',
        occurredAt: new Date().toISOString(),
        lines: [{ sku, quantity: 1, netAmountMinor: 100 }],
      };
      expect(
        await problemOf(
          await send(stack.systems.erp, 'POST', '/v1/postings', 'process-orders', body, {
            'x-on-behalf-of': 'dev-pos-st1-reg01',
          }),
        ),
      ).toEqual(refused);
      // Earlier orders' postings may still be draining to the ERP: what must not reach it is this document.
      const reached = (await stack.sandbox.calls('erp')).filter((call) =>
        JSON.stringify(call.body ?? null).includes(postingId),
      );
      expect(reached).toEqual([]);
    });
  });

  describe('a key rotation', () => {
    let pos: AppProcess;
    const retiring = newInternalKey('process-orders');
    const retired = newInternalKey('process-orders');

    beforeAll(async () => {
      // Mid-rotation: process-orders' retiring key and its new one (the one the stack sends) are both accepted.
      pos = await startSystemApp('system-pos', stack.sandboxApp.url, {
        LOG_LEVEL: 'warn',
        INTERNAL_CALLER_KEY_DIGESTS: callerKeyDigestsSetting({
          'process-orders': [retiring, CALLER_KEYS['process-orders']],
          operator: CALLER_KEYS.operator,
        }),
      });
    });
    afterAll(() => stopAll(pos));

    it("accepts both of the caller's keys, and no third", async () => {
      const prices = `${pos.url}/v1/stores/${storeId}/prices?skus=${sku}`;
      for (const key of [retiring, CALLER_KEYS['process-orders']]) {
        expect((await fetch(prices, { headers: { 'x-service-key': key } })).status).toBe(200);
      }
      expect(await problemOf(await fetch(prices, { headers: { 'x-service-key': retired } }))).toEqual({
        status: 401,
        type: problemType('credentials-invalid'),
      });
      // A caller this app does not list is unknown here, whatever other apps accept.
      expect((await fetch(prices, { headers: callerHeaders('experience-storefront') })).status).toBe(401);
    });
  });
});

describe('the internal APIs as documented', () => {
  const documents = ['system-erp', 'system-pos', 'system-loyalty', 'system-oms', 'process-orders'];

  it.each(documents)('%s names the callers of every operation and requires the internal key', (app) => {
    const document = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'openapi', `${app}.json`), 'utf8'),
    ) as {
      security?: Record<string, string[]>[];
      paths: Record<string, Record<string, { 'x-internal-callers'?: string[]; security?: unknown[] }>>;
    };
    expect(document.security).toEqual([{ serviceKey: [] }]);
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ at: `${method} ${path}`, op })),
    );
    expect(operations.length).toBeGreaterThan(0);
    for (const { at, op } of operations) {
      // An operation's own security list would replace the document's; none may.
      expect({ at, named: (op['x-internal-callers'] ?? []).length > 0, ownSecurity: op.security }).toEqual({
        at,
        named: true,
        ownSecurity: undefined,
      });
    }
  });
});
