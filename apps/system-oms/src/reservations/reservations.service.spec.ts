import { UpstreamError, toProblemAnswer } from '@omnigate/problems';
import { OmsClient } from '../oms/oms.client';
import { ScriptedBackend } from '@omnigate/http-client/testing';
import type { OmsReservation } from './oms-reservation.mapper';
import {
  InsufficientStock,
  InvalidReservation,
  ReservationNotActive,
  UnknownReservation,
  UnknownStore,
} from './reservations.errors';
import { ReservationsService } from './reservations.service';

const active: OmsReservation = {
  reservationId: 'RS1',
  reservationRef: 'pu_01',
  locationId: 'ST-4821',
  status: 'ACTIVE',
  expiresAt: '2026-11-24T18:00:00.000Z',
  lines: [{ sku: '40213377', quantity: 2 }],
};
const request = {
  reservationRef: 'pu_01',
  storeId: 'ST-4821',
  expiresAt: '2026-11-24T18:00:00.000Z',
  lines: [{ sku: '40213377', quantity: 2 }],
};

const reservationsOver = (backend: ScriptedBackend) =>
  new ReservationsService(new OmsClient(backend.asClient()));

describe('ReservationsService', () => {
  it('reserves with one unretried write and answers the canonical reservation', async () => {
    const backend = new ScriptedBackend('oms').answer('POST', '/reservations', 201, active);

    const reservation = await reservationsOver(backend).reserve(request);

    expect(reservation).toMatchObject({ reservationId: 'RS1', storeId: 'ST-4821', status: 'ACTIVE' });
    expect(backend.calls).toHaveLength(1);
    expect(backend.calls[0]).toMatchObject({
      idempotent: false,
      body: { locationId: 'ST-4821', reservationRef: 'pu_01' },
    });
  });

  it('answers the existing reservation when the OMS knows the reservationRef (200)', async () => {
    const backend = new ScriptedBackend('oms').answer('POST', '/reservations', 200, active);

    await expect(reservationsOver(backend).reserve(request)).resolves.toMatchObject({ reservationId: 'RS1' });
  });

  it('turns INSUFFICIENT_STOCK into insufficient-stock naming the SKU and what is available', async () => {
    const backend = new ScriptedBackend('oms').answer('POST', '/reservations', 409, {
      code: 'INSUFFICIENT_STOCK',
      message: 'Only 1 of 40213377 available at ST-4821',
      sku: '40213377',
      available: 1,
    });

    const error = await reservationsOver(backend)
      .reserve(request)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InsufficientStock);
    expect((error as InsufficientStock).extensions).toEqual({
      sku: '40213377',
      storeId: 'ST-4821',
      available: 1,
    });
  });

  it('turns UNKNOWN_LOCATION into unknown-store and VALIDATION_FAILED into invalid-reservation', async () => {
    const unknown = new ScriptedBackend('oms').answer('POST', '/reservations', 422, {
      code: 'UNKNOWN_LOCATION',
      message: 'x',
    });
    const past = new ScriptedBackend('oms').answer('POST', '/reservations', 400, {
      code: 'VALIDATION_FAILED',
      message: 'expiresAt must be in the future',
    });

    await expect(reservationsOver(unknown).reserve(request)).rejects.toBeInstanceOf(UnknownStore);
    await expect(reservationsOver(past).reserve(request)).rejects.toBeInstanceOf(InvalidReservation);
  });

  it('reports a refusal it has no outcome for as the OMS rejecting the call', async () => {
    const backend = new ScriptedBackend('oms').answer('POST', '/reservations', 409, {
      code: 'LOCATION_CLOSED',
      message: 'x',
    });

    await expect(reservationsOver(backend).reserve(request)).rejects.toBeInstanceOf(UpstreamError);
  });

  it('turns an unknown reservation id into unknown-reservation on read, release and consume', async () => {
    const notFound = { code: 'RESERVATION_NOT_FOUND', message: 'x' };
    const backend = new ScriptedBackend('oms')
      .answer('GET', '/reservations/RS0', 404, notFound)
      .answer('POST', '/reservations/RS0/release', 404, notFound)
      .answer('POST', '/reservations/RS0/consume', 404, notFound);
    const reservations = reservationsOver(backend);

    await expect(reservations.getReservation('RS0')).rejects.toBeInstanceOf(UnknownReservation);
    await expect(reservations.release('RS0')).rejects.toBeInstanceOf(UnknownReservation);
    await expect(reservations.consume('RS0')).rejects.toBeInstanceOf(UnknownReservation);
  });

  it('refuses to consume a released or expired reservation as reservation-not-active with its status', async () => {
    const backend = new ScriptedBackend('oms').answer('POST', '/reservations/RS1/consume', 409, {
      code: 'RESERVATION_NOT_ACTIVE',
      message: 'x',
      reservationId: 'RS1',
      status: 'EXPIRED',
    });

    const error = await reservationsOver(backend)
      .consume('RS1')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ReservationNotActive);
    expect((error as ReservationNotActive).extensions).toEqual({
      reservationId: 'RS1',
      reservationStatus: 'EXPIRED',
    });
    expect(toProblemAnswer(error).problem).toMatchObject({ status: 409, reservationStatus: 'EXPIRED' });
  });

  it('answers a release with the released reservation', async () => {
    const backend = new ScriptedBackend('oms').answer('POST', '/reservations/RS1/release', 200, {
      ...active,
      status: 'RELEASED',
    });

    await expect(reservationsOver(backend).release('RS1')).resolves.toMatchObject({ status: 'RELEASED' });
  });
});
