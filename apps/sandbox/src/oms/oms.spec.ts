import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  clockOf,
  erpStock,
  resetSandbox,
  startSandbox,
  stockedSku,
  type SeedSummary,
} from '../sandbox-test-app.fixture';
import { SWEEP_INTERVAL_MS } from './oms-reservations';

const OMS = '/oms/v1';

describe('the simulated OMS', () => {
  let app: NestFastifyApplication;
  let seed: SeedSummary;
  let storeId: string;

  beforeAll(async () => {
    app = await startSandbox();
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    seed = await resetSandbox(app);
    storeId = seed.stores[4].storeId;
  });

  const inMs = (ms: number) => new Date(clockOf(app).now() + ms).toISOString();
  const inAMinute = () => inMs(60_000);

  function reserve(
    reservationRef: string,
    lines: Array<{ sku: string; quantity: number }>,
    expiresAt = inAMinute(),
  ) {
    return app.inject({
      method: 'POST',
      url: `${OMS}/reservations`,
      payload: { reservationRef, locationId: storeId, expiresAt, lines },
    });
  }

  it('reserves stock the ERP then reports as reserved, once per reservationRef', async () => {
    const { sku, onHand } = await stockedSku(app, seed, storeId, 5);
    const created = await reserve('PU-1', [{ sku, quantity: 3 }]);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      reservationRef: 'PU-1',
      status: 'ACTIVE',
      lines: [{ sku, quantity: 3 }],
    });

    const again = await reserve('PU-1', [{ sku, quantity: 3 }]);
    expect(again.statusCode).toBe(200);
    expect(again.json().reservationId).toBe(created.json().reservationId);
    expect(await erpStock(app, storeId, sku)).toEqual({ onHand, reserved: 3 });
  });

  it('reserves nothing when any line is short', async () => {
    const plenty = await stockedSku(app, seed, storeId, 2);
    const scarce = await stockedSku(app, seed, storeId, 1);
    const answer = await reserve('PU-2', [
      { sku: plenty.sku, quantity: 1 },
      { sku: scarce.sku, quantity: scarce.onHand + 1 },
    ]);
    expect(answer.statusCode).toBe(409);
    expect(answer.json()).toEqual({
      code: 'INSUFFICIENT_STOCK',
      message: expect.any(String),
      sku: scarce.sku,
      available: scarce.onHand,
    });
    expect((await erpStock(app, storeId, plenty.sku))!.reserved).toBe(0);
  });

  it('counts stock already reserved as unavailable', async () => {
    const { sku, onHand } = await stockedSku(app, seed, storeId, 2);
    await reserve('PU-3', [{ sku, quantity: onHand - 1 }]);
    const short = await reserve('PU-4', [{ sku, quantity: 2 }]);
    expect(short.json()).toMatchObject({ code: 'INSUFFICIENT_STOCK', available: 1 });
  });

  it('expires a reservation past expiresAt and gives its stock back, on access and by the sweep', async () => {
    const { sku } = await stockedSku(app, seed, storeId, 4);
    const onAccess = (await reserve('PU-5', [{ sku, quantity: 1 }], inMs(200))).json();
    await reserve('PU-6', [{ sku, quantity: 2 }], inMs(200));
    expect((await erpStock(app, storeId, sku))!.reserved).toBe(3);

    clockOf(app).advance(199);
    const before = await app.inject({ method: 'GET', url: `${OMS}/reservations/${onAccess.reservationId}` });
    expect(before.json().status).toBe('ACTIVE');
    clockOf(app).advance(1);
    const read = await app.inject({ method: 'GET', url: `${OMS}/reservations/${onAccess.reservationId}` });
    expect(read.json().status).toBe('EXPIRED');
    expect((await erpStock(app, storeId, sku))!.reserved).toBe(0);

    await reserve('PU-7', [{ sku, quantity: 1 }], inMs(100));
    clockOf(app).advance(100);
    // Due, but the ERP read does not touch the OMS: only the sweep can give this back.
    expect((await erpStock(app, storeId, sku))!.reserved).toBe(1);
    clockOf(app).advance(SWEEP_INTERVAL_MS);
    expect((await erpStock(app, storeId, sku))!.reserved).toBe(0);
  });

  it('gives stock back once however often a reservation is released', async () => {
    const { sku } = await stockedSku(app, seed, storeId, 5);
    const first = (await reserve('PU-8', [{ sku, quantity: 2 }])).json();
    await reserve('PU-9', [{ sku, quantity: 3 }]);
    for (let i = 0; i < 2; i++) {
      const released = await app.inject({
        method: 'POST',
        url: `${OMS}/reservations/${first.reservationId}/release`,
      });
      expect(released.statusCode).toBe(200);
      expect(released.json().status).toBe('RELEASED');
    }
    expect((await erpStock(app, storeId, sku))!.reserved).toBe(3);
  });

  it('takes consumed goods off both reserved and on hand', async () => {
    const { sku, onHand } = await stockedSku(app, seed, storeId, 3);
    const reservation = (await reserve('PU-10', [{ sku, quantity: 2 }])).json();
    const consumed = await app.inject({
      method: 'POST',
      url: `${OMS}/reservations/${reservation.reservationId}/consume`,
    });
    expect(consumed.json().status).toBe('CONSUMED');
    expect(await erpStock(app, storeId, sku)).toEqual({ onHand: onHand - 2, reserved: 0 });

    const release = await app.inject({
      method: 'POST',
      url: `${OMS}/reservations/${reservation.reservationId}/release`,
    });
    expect(release.statusCode).toBe(409);
    expect(release.json().code).toBe('RESERVATION_NOT_ACTIVE');
  });

  it('refuses a second order with the same externalOrderId and names the first', async () => {
    const order = {
      externalOrderId: 'WEB-1',
      channel: 'WEB',
      locationId: storeId,
      fulfilment: 'PICKUP',
      lines: [{ sku: seed.skus[0], quantity: 1 }],
    };
    const created = await app.inject({ method: 'POST', url: `${OMS}/orders`, payload: order });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({
      omsOrderId: expect.stringMatching(/^SO\d{10}$/),
      externalOrderId: 'WEB-1',
      status: 'CREATED',
    });
    const duplicate = await app.inject({ method: 'POST', url: `${OMS}/orders`, payload: order });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({
      code: 'DUPLICATE_ORDER',
      omsOrderId: created.json().omsOrderId,
    });
  });

  it('makes one pick list per order and moves the order CREATED -> READY -> COLLECTED only', async () => {
    const order = {
      externalOrderId: 'WEB-2',
      channel: 'WEB',
      locationId: storeId,
      fulfilment: 'PICKUP',
      lines: [{ sku: seed.skus[1], quantity: 2 }],
    };
    const { omsOrderId } = (
      await app.inject({ method: 'POST', url: `${OMS}/orders`, payload: order })
    ).json();

    const pickList = await app.inject({ method: 'POST', url: `${OMS}/orders/${omsOrderId}/pick-lists` });
    expect(pickList.statusCode).toBe(201);
    expect(pickList.json()).toMatchObject({
      omsOrderId,
      locationId: storeId,
      lines: [{ sku: seed.skus[1], quantity: 2 }],
    });
    const second = await app.inject({ method: 'POST', url: `${OMS}/orders/${omsOrderId}/pick-lists` });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'PICK_LIST_EXISTS', pickListId: pickList.json().pickListId });

    const setStatus = (status: string) =>
      app.inject({ method: 'POST', url: `${OMS}/orders/${omsOrderId}/status`, payload: { status } });
    expect((await setStatus('COLLECTED')).statusCode).toBe(409);
    expect((await setStatus('READY')).json().status).toBe('READY');
    expect((await setStatus('COLLECTED')).json().status).toBe('COLLECTED');
    expect((await setStatus('CANCELLED')).json()).toMatchObject({
      code: 'ILLEGAL_STATUS_TRANSITION',
      from: 'COLLECTED',
      to: 'CANCELLED',
    });
    expect((await app.inject({ method: 'GET', url: `${OMS}/orders/${omsOrderId}` })).json().status).toBe(
      'COLLECTED',
    );
  });
});
