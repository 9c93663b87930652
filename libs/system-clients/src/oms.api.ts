import type { SystemApiClient } from './system-api.client';

/** A stock reservation in the OMS. */
export interface ReservationReceipt {
  reservationId: string;
  expiresAt: string;
}

/** system-oms, as the process layer uses it. Every write is keyed by our ids, so repeats are harmless. */
export class OmsApi {
  constructor(private readonly client: SystemApiClient) {}

  /** Reserves stock at a store; the same reservationRef answers the existing reservation. */
  reserve(request: { reservationRef: string; storeId: string; expiresAt: string; lines: { sku: string; quantity: number }[] }): Promise<ReservationReceipt> {
    return this.client.write('reserve stock', '/v1/reservations', request, true);
  }

  releaseReservation(reservationId: string): Promise<unknown> {
    return this.client.write('release reservation', `/v1/reservations/${encodeURIComponent(reservationId)}/release`, {}, true);
  }

  consumeReservation(reservationId: string): Promise<unknown> {
    return this.client.write('consume reservation', `/v1/reservations/${encodeURIComponent(reservationId)}/consume`, {}, true);
  }

  /** Creates the fulfilment order; our order id is its external id, so a repeat finds the first. */
  createOrder(request: {
    externalOrderId: string;
    channel: string;
    storeId: string;
    fulfilment: 'PICKUP' | 'SHIP';
    reservationId?: string;
    lines: { sku: string; quantity: number }[];
  }): Promise<{ omsOrderId: string }> {
    return this.client.write('create order', '/v1/orders', request, true);
  }

  createPickList(omsOrderId: string): Promise<{ pickListId: string }> {
    return this.client.write('create pick list', `/v1/orders/${encodeURIComponent(omsOrderId)}/pick-lists`, {}, true);
  }

  setOrderStatus(omsOrderId: string, status: 'READY' | 'COLLECTED' | 'CANCELLED'): Promise<unknown> {
    return this.client.write('set order status', `/v1/orders/${encodeURIComponent(omsOrderId)}/status`, { status }, true);
  }
}
