import { toOmsReservationRequest, toReservation } from './oms-reservation.mapper';

describe('OMS reservation mapping', () => {
  it('sends the store as the OMS location and the expiry in UTC', () => {
    const request = toOmsReservationRequest({
      reservationRef: 'pu_01',
      storeId: 'ST-4821',
      expiresAt: '2026-11-24T10:00:00-08:00',
      lines: [{ sku: '40213377', quantity: 2 }],
    });

    expect(request).toEqual({
      reservationRef: 'pu_01',
      locationId: 'ST-4821',
      expiresAt: '2026-11-24T18:00:00.000Z',
      lines: [{ sku: '40213377', quantity: 2 }],
    });
  });

  it('turns the OMS reservation into the canonical one without its bookkeeping fields', () => {
    const reservation = toReservation({
      reservationId: 'RS1',
      reservationRef: 'pu_01',
      locationId: 'ST-4821',
      status: 'ACTIVE',
      expiresAt: '2026-11-24T18:00:00.000Z',
      lines: [{ sku: '40213377', quantity: 2 }],
      createdAt: '2026-11-23T09:00:00.000Z',
      updatedAt: '2026-11-23T09:00:00.000Z',
    });

    expect(reservation).toEqual({
      reservationId: 'RS1',
      reservationRef: 'pu_01',
      storeId: 'ST-4821',
      status: 'ACTIVE',
      expiresAt: '2026-11-24T18:00:00.000Z',
      lines: [{ sku: '40213377', quantity: 2 }],
    });
  });
});
