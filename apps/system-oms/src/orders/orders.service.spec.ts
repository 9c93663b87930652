import { toProblemAnswer } from '@omnigate/problems';
import { OmsClient } from '../oms/oms.client';
import { ScriptedBackend } from '@omnigate/http-client/testing';
import { InsufficientStock, UnknownReservation, UnknownStore } from '../reservations/reservations.errors';
import { IllegalOrderTransition, OrderClosed, UnknownOrder } from './orders.errors';
import { OrdersService } from './orders.service';

const order = {
  externalOrderId: 'pu_01',
  channel: 'WEB',
  storeId: 'ST-4821',
  fulfilment: 'PICKUP' as const,
  reservationId: 'RS1',
  lines: [{ sku: '40213377', quantity: 1 }],
};

const ordersOver = (backend: ScriptedBackend) => new OrdersService(new OmsClient(backend.asClient()));

describe('OrdersService.createOrder', () => {
  it('creates the order with one unretried write', async () => {
    const backend = new ScriptedBackend('oms').answer('POST', '/orders', 201, {
      omsOrderId: 'SO1',
      externalOrderId: 'pu_01',
      status: 'CREATED',
    });

    await expect(ordersOver(backend).createOrder(order)).resolves.toEqual({
      omsOrderId: 'SO1',
      alreadyExisted: false,
    });
    expect(backend.calls[0]).toMatchObject({
      idempotent: false,
      body: { locationId: 'ST-4821', reservationId: 'RS1' },
    });
  });

  it('treats DUPLICATE_ORDER as success answering the existing order', async () => {
    const backend = new ScriptedBackend('oms').answer('POST', '/orders', 409, {
      code: 'DUPLICATE_ORDER',
      message: 'x',
      omsOrderId: 'SO1',
    });

    await expect(ordersOver(backend).createOrder(order)).resolves.toEqual({
      omsOrderId: 'SO1',
      alreadyExisted: true,
    });
  });

  it('turns the OMS refusals of ids into unknown-store, unknown-reservation and insufficient-stock', async () => {
    const refusing = (status: number, body: object) =>
      ordersOver(new ScriptedBackend('oms').answer('POST', '/orders', status, body));

    await expect(
      refusing(422, { code: 'UNKNOWN_LOCATION', message: 'x' }).createOrder(order),
    ).rejects.toBeInstanceOf(UnknownStore);
    await expect(
      refusing(422, { code: 'RESERVATION_NOT_FOUND', message: 'x' }).createOrder(order),
    ).rejects.toBeInstanceOf(UnknownReservation);
    await expect(
      refusing(409, { code: 'INSUFFICIENT_STOCK', sku: '40213377', available: 0 }).createOrder(order),
    ).rejects.toBeInstanceOf(InsufficientStock);
  });
});

describe('OrdersService.createPickList', () => {
  it('answers the new pick list', async () => {
    const backend = new ScriptedBackend('oms').answer('POST', '/orders/SO1/pick-lists', 201, {
      pickListId: 'PK1',
      omsOrderId: 'SO1',
      lines: [],
    });

    await expect(ordersOver(backend).createPickList('SO1')).resolves.toEqual({
      pickListId: 'PK1',
      alreadyExisted: false,
    });
  });

  it('treats PICK_LIST_EXISTS as success answering the existing pick list', async () => {
    const backend = new ScriptedBackend('oms').answer('POST', '/orders/SO1/pick-lists', 409, {
      code: 'PICK_LIST_EXISTS',
      message: 'x',
      pickListId: 'PK1',
    });

    await expect(ordersOver(backend).createPickList('SO1')).resolves.toEqual({
      pickListId: 'PK1',
      alreadyExisted: true,
    });
  });

  it('turns ORDER_NOT_FOUND into unknown-order and ILLEGAL_ORDER_STATE into order-closed', async () => {
    const unknown = new ScriptedBackend('oms').answer('POST', '/orders/SO0/pick-lists', 404, {
      code: 'ORDER_NOT_FOUND',
      message: 'x',
    });
    const closed = new ScriptedBackend('oms').answer('POST', '/orders/SO1/pick-lists', 409, {
      code: 'ILLEGAL_ORDER_STATE',
      message: 'x',
      status: 'CANCELLED',
    });

    await expect(ordersOver(unknown).createPickList('SO0')).rejects.toBeInstanceOf(UnknownOrder);
    const error = await ordersOver(closed)
      .createPickList('SO1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrderClosed);
    expect(toProblemAnswer(error).problem).toMatchObject({ status: 409, orderStatus: 'CANCELLED' });
  });
});

describe('OrdersService.changeStatus', () => {
  it('answers the status the OMS now holds', async () => {
    const backend = new ScriptedBackend('oms').answer('POST', '/orders/SO1/status', 200, {
      omsOrderId: 'SO1',
      externalOrderId: 'pu_01',
      status: 'READY',
      updatedAt: '2026-11-23T09:00:00.000Z',
    });

    await expect(ordersOver(backend).changeStatus('SO1', 'READY')).resolves.toEqual({
      omsOrderId: 'SO1',
      status: 'READY',
    });
    expect(backend.calls[0].body).toEqual({ status: 'READY' });
  });

  it('turns ILLEGAL_STATUS_TRANSITION into illegal-order-transition naming both statuses', async () => {
    const backend = new ScriptedBackend('oms').answer('POST', '/orders/SO1/status', 409, {
      code: 'ILLEGAL_STATUS_TRANSITION',
      message: 'x',
      from: 'CANCELLED',
      to: 'READY',
    });

    const error = await ordersOver(backend)
      .changeStatus('SO1', 'READY')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IllegalOrderTransition);
    expect((error as IllegalOrderTransition).extensions).toEqual({
      omsOrderId: 'SO1',
      from: 'CANCELLED',
      to: 'READY',
    });
  });
});
