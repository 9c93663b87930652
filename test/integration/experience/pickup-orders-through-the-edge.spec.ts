import { randomUUID } from 'node:crypto';
import type { AppProcess } from '../../support/app-process';
import { DEV_KEYS, DEV_STORES } from '../../support/experience-stack';
import {
  type OrdersStack,
  skusAt,
  startExperienceOver,
  startOrdersStack,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';

describe('pickup orders as the channels place and fulfil them', () => {
  let stack: OrdersStack;
  let storefront: AppProcess;
  let pos: AppProcess;
  let skus: string[];
  const store = DEV_STORES[0];

  beforeAll(async () => {
    stack = await startOrdersStack({ database: 'pglite' });
    [storefront, pos] = await Promise.all([
      startExperienceOver(stack, 'experience-storefront'),
      startExperienceOver(stack, 'experience-pos'),
    ]);
    skus = await skusAt(stack.sandbox, store, 3, (level) => level.onHand - level.reserved >= 5);
  });
  afterAll(async () => {
    await Promise.all([storefront?.stop(), pos?.stop()]);
    await stopOrdersStack(stack);
  });

  const call = (
    app: AppProcess,
    path: string,
    apiKey: string,
    body?: unknown,
    idempotencyKey?: string,
    orderAccessToken?: string,
  ) =>
    fetch(`${app.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        'x-api-key': apiKey,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(idempotencyKey && { 'idempotency-key': idempotencyKey }),
        ...(orderAccessToken && { 'x-order-access-token': orderAccessToken }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const reservationsAsked = async () => (await stack.sandbox.calls('oms', 'POST reservations')).length;

  it('places through the storefront, replays a repeat, and fulfils through the store POS', async () => {
    const order = { storeId: store, lines: [{ sku: skus[0], quantity: 1 }] };
    const key = randomUUID();
    const placed = await call(storefront, '/v1/pickup-orders', DEV_KEYS.web, order, key);
    expect(placed.status).toBe(201);
    const { orderId, state, accessToken } = (await placed.json()) as {
      orderId: string;
      state: string;
      accessToken: string;
    };
    expect(state).toBe('RESERVED');

    const repeat = await call(storefront, '/v1/pickup-orders', DEV_KEYS.web, order, key);
    expect(repeat.status).toBe(201);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect((await repeat.json()) as object).toMatchObject({ orderId, accessToken });
    const read = (path: string) => call(storefront, path, DEV_KEYS.web, undefined, undefined, accessToken);

    const otherStore = await call(
      pos,
      `/v1/stores/${DEV_STORES[1]}/pickup-orders/${orderId}/ready`,
      DEV_KEYS.posStore1Register,
      {},
      randomUUID(),
    );
    expect(otherStore.status).toBe(403);
    const foreignDevice = await call(
      pos,
      `/v1/stores/${DEV_STORES[1]}/pickup-orders/${orderId}/ready`,
      DEV_KEYS.posStore2Register,
      {},
      randomUUID(),
    );
    expect(foreignDevice.status).toBe(403);

    const early = await call(
      pos,
      `/v1/stores/${store}/pickup-orders/${orderId}/collect`,
      DEV_KEYS.posStore1Register,
      {},
      randomUUID(),
    );
    expect(early.status).toBe(409);
    await until('the pick list at the store', async () => {
      const view = (await (await read(`/v1/pickup-orders/${orderId}`)).json()) as {
        timeline: { step: string }[];
      };
      return view.timeline.some((e) => e.step === 'pick-list-sent') || undefined;
    });
    const ready = await call(
      pos,
      `/v1/stores/${store}/pickup-orders/${orderId}/ready`,
      DEV_KEYS.posStore1Register,
      {},
      randomUUID(),
    );
    expect(ready.status).toBe(200);
    const collected = await call(
      pos,
      `/v1/stores/${store}/pickup-orders/${orderId}/collect`,
      DEV_KEYS.posStore1Register,
      {},
      randomUUID(),
    );
    expect(collected.status).toBe(200);
    const again = await call(
      pos,
      `/v1/stores/${store}/pickup-orders/${orderId}/collect`,
      DEV_KEYS.posStore1Register,
      {},
      randomUUID(),
    );
    expect(again.status).toBe(409);
    expect(((await again.json()) as { type: string }).type).toBe(
      'https://omnigate.dev/problems/illegal-pickup-order-transition',
    );

    const sale = await until('the sale posting', async () => {
      const view = (await (await read(`/v1/pickup-orders/${orderId}`)).json()) as {
        postings: { kind: string; status: string }[];
      };
      return view.postings.find((p) => p.kind === 'SALE' && p.status === 'posted');
    });
    expect(sale).toBeDefined();
  });

  it.each([
    ['no Idempotency-Key', { storeId: store, lines: [{ sku: 'S', quantity: 1 }] }, undefined, 400],
    ['an unknown field', { storeId: store, lines: [{ sku: 'S', quantity: 1 }], coupon: 'FREE' }, 'k', 400],
    ['a negative quantity', { storeId: store, lines: [{ sku: 'S', quantity: -1 }] }, 'k', 400],
    ['a huge quantity', { storeId: store, lines: [{ sku: 'S', quantity: 1e9 }] }, 'k', 400],
    ['a quantity of the wrong type', { storeId: store, lines: [{ sku: 'S', quantity: '2' }] }, 'k', 400],
    ['no lines', { storeId: store, lines: [] }, 'k', 400],
    [
      'deep nesting',
      { storeId: store, lines: [{ sku: 'S', quantity: 1, more: { a: { b: { c: {} } } } }] },
      'k',
      400,
    ],
    ['a malformed store id', { storeId: '../../etc', lines: [{ sku: 'S', quantity: 1 }] }, 'k', 400],
    ['negative points', { storeId: store, lines: [{ sku: 'S', quantity: 1 }], redeemPoints: -5 }, 'k', 400],
    [
      'points without a member',
      { storeId: store, lines: [{ sku: 'S', quantity: 1 }], redeemPoints: 5 },
      'k',
      422,
    ],
    ['an unknown sku', { storeId: store, lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] }, 'k', 422],
    // Customer service is a trusted server: it may place for any member, and so reaches the member check.
    [
      'an unknown member',
      { storeId: store, memberId: '0000000000000', lines: [{ sku: 'S', quantity: 1 }] },
      'k',
      404,
      DEV_KEYS.service,
    ],
    [
      "a member, from a client app's own key",
      { storeId: store, memberId: '0000000000000', lines: [{ sku: 'S', quantity: 1 }] },
      'k',
      403,
    ],
  ])(
    'refuses an order with %s and reserves nothing',
    async (_case, template, key, status, apiKey: string = DEV_KEYS.web) => {
      const body = JSON.parse(JSON.stringify(template).replace(/"S"/g, JSON.stringify(skus[1])));
      const before = await reservationsAsked();
      const answer = await call(storefront, '/v1/pickup-orders', apiKey, body, key && randomUUID());
      expect(answer.status).toBe(status);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await answer.json()) as { type: string; stack?: unknown };
      expect(problem.type).toMatch(/^https:\/\/omnigate\.dev\/problems\/[a-z-]+$/);
      expect(problem.stack).toBeUndefined();
      expect(await reservationsAsked()).toBe(before);
    },
  );

  it('refuses an oversize body with 413', async () => {
    const lines = Array.from({ length: 20_000 }, () => ({ sku: skus[2], quantity: 1 }));
    const answer = await call(
      storefront,
      '/v1/pickup-orders',
      DEV_KEYS.web,
      { storeId: store, lines },
      randomUUID(),
    );
    expect(answer.status).toBe(413);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  });

  it('keeps a POS key off the storefront order API and a partner key off writes', async () => {
    const order = { storeId: store, lines: [{ sku: skus[2], quantity: 1 }] };
    expect(
      (await call(storefront, '/v1/pickup-orders', DEV_KEYS.posStore1Register, order, randomUUID())).status,
    ).toBe(403);
    expect((await call(storefront, '/v1/pickup-orders', DEV_KEYS.partner, order, randomUUID())).status).toBe(
      403,
    );
  });
});
