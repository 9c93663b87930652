import { randomUUID } from 'node:crypto';
import type { AppProcess } from '../../support/app-process';
import { DEV_KEYS, DEV_STORES, WITHOUT_PLANS } from '../../support/experience-stack';
import {
  OrdersClient,
  type OrdersStack,
  levelOf,
  skusAt,
  startExperienceOver,
  startOrdersStack,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';
import { type ReturnBody, collectedOrder, finalSaleSkus } from '../../support/returns';

const PROBLEM = 'https://omnigate.dev/problems/';

describe('returns as the POS takes them and customer service reads them', () => {
  let stack: OrdersStack;
  let storefront: AppProcess;
  let pos: AppProcess;
  let orders: OrdersClient;
  let sku: string;
  const store = DEV_STORES[0];

  beforeAll(async () => {
    stack = await startOrdersStack({ database: 'postgres' });
    [storefront, pos] = await Promise.all([
      startExperienceOver(stack, 'experience-storefront', WITHOUT_PLANS),
      startExperienceOver(stack, 'experience-pos', WITHOUT_PLANS),
    ]);
    orders = new OrdersClient(stack);
    const stocked = await skusAt(stack.sandbox, store, 20, (l) => l.onHand >= 5);
    const finalSale = await finalSaleSkus(stack.sandbox, store, stocked);
    sku = stocked.find((s) => !finalSale.has(s))!;
  });
  afterAll(async () => {
    await Promise.all([storefront?.stop(), pos?.stop()]);
    await stopOrdersStack(stack);
  });

  const call = async (
    app: AppProcess,
    method: 'GET' | 'POST',
    path: string,
    apiKey: string | undefined,
    body?: unknown,
    idempotencyKey?: string,
  ) => {
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers: {
        ...(apiKey && { 'x-api-key': apiKey }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(idempotencyKey && { 'idempotency-key': idempotencyKey }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as ReturnBody & { type?: string },
    };
  };

  it("takes a return at the device's own store only; another store's key changes nothing", async () => {
    const order = await collectedOrder(orders, { storeId: store, lines: [{ sku, quantity: 1 }] });
    // No registerId: a register's key takes the return at its own register (R01, below).
    const request = {
      storeId: store,
      orderId: order.orderId,
      lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
    };
    const stockBefore = await levelOf(stack.sandbox, store, sku);

    // Store 2's register names store 1: refused at the edge, nothing reaches process-orders.
    const foreign = await call(pos, 'POST', '/v1/returns', DEV_KEYS.posStore2Register, request, randomUUID());
    expect(foreign.status).toBe(403);
    expect(foreign.body.type).toBe(`${PROBLEM}store-not-permitted`);
    expect(foreign.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const web = await call(pos, 'POST', '/v1/returns', DEV_KEYS.web, request, randomUUID());
    expect(web.status).toBe(403);
    expect((await call(pos, 'POST', '/v1/returns', undefined, request, randomUUID())).status).toBe(401);
    expect((await call(pos, 'POST', '/v1/returns', DEV_KEYS.posStore1Register, request)).status).toBe(400);
    expect(
      (
        await call(
          pos,
          'POST',
          '/v1/returns',
          DEV_KEYS.posStore1Register,
          { ...request, refundMinor: 1 },
          randomUUID(),
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await call(
          pos,
          'POST',
          '/v1/returns',
          DEV_KEYS.posStore1Register,
          { ...request, lines: [{ lineNumber: 1, quantity: -1, disposition: 'RESTOCK' }] },
          randomUUID(),
        )
      ).status,
    ).toBe(400);
    // A register's key names its own register: another's drawer is not its to pay from.
    const otherRegister = await call(
      pos,
      'POST',
      '/v1/returns',
      DEV_KEYS.posStore1Register,
      { ...request, registerId: 'R02' },
      randomUUID(),
    );
    expect(otherRegister.status).toBe(403);
    expect(otherRegister.body.type).toBe(`${PROBLEM}register-not-permitted`);
    expect(otherRegister.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await levelOf(stack.sandbox, store, sku)).onHand).toBe(stockBefore.onHand);

    // The unit refused above is still there to return: the refusals took nothing.
    const key = randomUUID();
    const taken = await call(pos, 'POST', '/v1/returns', DEV_KEYS.posStore1Register, request, key);
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({
      state: 'REFUNDED',
      storeId: store,
      registerId: 'R01',
      refund: order.total,
    });
    const repeat = await call(pos, 'POST', '/v1/returns', DEV_KEYS.posStore1Register, request, key);
    expect(repeat.status).toBe(201);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(repeat.body.returnId).toBe(taken.body.returnId);

    // The unit is returned once: a new key for the same unit is refused with its own type.
    const again = await call(pos, 'POST', '/v1/returns', DEV_KEYS.posStore1Register, request, randomUUID());
    expect(again.status).toBe(422);
    expect(again.body.type).toBe(`${PROBLEM}return-quantity-exceeded`);

    const read = await call(pos, 'GET', `/v1/returns/${taken.body.returnId}`, DEV_KEYS.posStore1Register);
    expect(read.status).toBe(200);
    expect(read.body.returnId).toBe(taken.body.returnId);
    const foreignRead = await call(
      pos,
      'GET',
      `/v1/returns/${taken.body.returnId}`,
      DEV_KEYS.posStore2Register,
    );
    expect(foreignRead.status).toBe(404);
    expect(foreignRead.body.type).toBe(`${PROBLEM}return-not-found`);
    expect(
      (await call(pos, 'GET', '/v1/returns/ret_unknownUnknown00', DEV_KEYS.posStore1Register)).status,
    ).toBe(404);
  });

  it('lets a trusted customer-service app read a return, and no shopper app', async () => {
    const order = await collectedOrder(orders, { storeId: store, lines: [{ sku, quantity: 1 }] });
    const taken = await call(
      pos,
      'POST',
      '/v1/returns',
      DEV_KEYS.posStore1Register,
      {
        storeId: store,
        orderId: order.orderId,
        lines: [{ lineNumber: 1, quantity: 1, disposition: 'DAMAGED' }],
      },
      randomUUID(),
    );
    expect(taken.status).toBe(201);

    const service = await call(storefront, 'GET', `/v1/returns/${taken.body.returnId}`, DEV_KEYS.service);
    expect(service.status).toBe(200);
    expect(service.body).toMatchObject({
      returnId: taken.body.returnId,
      lines: [{ disposition: 'DAMAGED' }],
    });
    const shopperApp = await call(storefront, 'GET', `/v1/returns/${taken.body.returnId}`, DEV_KEYS.web);
    expect(shopperApp.status).toBe(403);
    expect(
      (await call(storefront, 'GET', `/v1/returns/${taken.body.returnId}`, DEV_KEYS.partner)).status,
    ).toBe(403);
  });

  it('holds an authorised return (RMA) until its store receives it, or rejects or cancels it; another store changes nothing', async () => {
    const order = await collectedOrder(orders, { storeId: store, lines: [{ sku, quantity: 1 }] });
    const register = DEV_KEYS.posStore1Register;
    const authorise = () =>
      call(
        pos,
        'POST',
        '/v1/returns',
        register,
        {
          storeId: store,
          orderId: order.orderId,
          mode: 'RMA',
          lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
        },
        randomUUID(),
      );
    const act = (
      returnId: string,
      move: string,
      apiKey: string = register,
      storeId: string = store,
      key = randomUUID(),
    ) => call(pos, 'POST', `/v1/returns/${returnId}/${move}`, apiKey, { storeId }, key);

    // Rejected on arrival, then cancelled: each ends the return and gives its unit back for another.
    const rejected = await authorise();
    expect(rejected.status).toBe(201);
    expect(rejected.body).toMatchObject({ state: 'REQUESTED', mode: 'RMA' });
    const rejection = await act(rejected.body.returnId, 'reject');
    expect(rejection.status).toBe(200);
    expect(rejection.body).toMatchObject({ state: 'REJECTED', postings: [] });
    const cancelled = await authorise();
    expect(cancelled.status).toBe(201);
    expect((await act(cancelled.body.returnId, 'cancel')).body).toMatchObject({ state: 'CANCELLED' });

    const awaited = await authorise();
    expect(awaited.body.state).toBe('REQUESTED');
    const returnId = awaited.body.returnId;
    const stockBefore = await levelOf(stack.sandbox, store, sku);

    // Another store's device, a storefront key: refused with problem+json, the return still waits.
    const foreign = await act(returnId, 'receive', DEV_KEYS.posStore2Register, DEV_STORES[1]);
    expect(foreign.status).toBe(403);
    expect(foreign.body.type).toBe(`${PROBLEM}return-of-another-store`);
    expect(foreign.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const naming = await act(returnId, 'receive', DEV_KEYS.posStore2Register, store);
    expect(naming.status).toBe(403);
    expect(naming.body.type).toBe(`${PROBLEM}store-not-permitted`);
    expect((await act(returnId, 'cancel', DEV_KEYS.web)).status).toBe(403);
    const anonymous = await call(
      pos,
      'POST',
      `/v1/returns/${returnId}/receive`,
      undefined,
      { storeId: store },
      randomUUID(),
    );
    expect(anonymous.status).toBe(401);
    expect((await call(pos, 'GET', `/v1/returns/${returnId}`, register)).body.state).toBe('REQUESTED');

    // Received at its store: refunded once, a repeat answers the same, a late cancel is refused.
    const key = randomUUID();
    const received = await act(returnId, 'receive', register, store, key);
    expect(received.status).toBe(200);
    expect(received.body).toMatchObject({ returnId, state: 'REFUNDED', refund: order.total });
    const repeat = await act(returnId, 'receive', register, store, key);
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(repeat.body.state).toBe('REFUNDED');
    const late = await act(returnId, 'cancel');
    expect(late.status).toBe(409);
    expect(late.body.type).toBe(`${PROBLEM}illegal-return-transition`);
    await until('the received unit restocked', async () =>
      (await levelOf(stack.sandbox, store, sku)).onHand === stockBefore.onHand + 1 ? true : undefined,
    );
  });
});
