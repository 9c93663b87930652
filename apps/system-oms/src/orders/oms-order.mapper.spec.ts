import { toOmsOrderRequest } from './oms-order.mapper';

describe('toOmsOrderRequest', () => {
  const order = {
    externalOrderId: 'pu_01',
    channel: 'WEB',
    storeId: 'ST-4821',
    fulfilment: 'PICKUP' as const,
    lines: [{ sku: '40213377', quantity: 1 }],
  };

  it('sends the store as the OMS location and the reservation when there is one', () => {
    expect(toOmsOrderRequest({ ...order, reservationId: 'RS1' })).toEqual({
      externalOrderId: 'pu_01',
      channel: 'WEB',
      locationId: 'ST-4821',
      fulfilment: 'PICKUP',
      reservationId: 'RS1',
      lines: [{ sku: '40213377', quantity: 1 }],
    });
  });

  it('leaves reservationId out of a shipped order without one', () => {
    expect(toOmsOrderRequest({ ...order, fulfilment: 'SHIP' })).not.toHaveProperty('reservationId');
  });
});
