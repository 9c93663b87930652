import type {
  CreateOrderDto,
  CreateReservationDto,
  CreateStockMovementDto,
  OrderCreatedDto,
  OrderStatusChangeDto,
  OrderStatusDto,
  PickListCreatedDto,
  Reservation,
  SettableOrderStatus,
  StockMovement,
} from '@omnigate/contracts';
import type { SystemApiClient } from './system-api.client';

/** system-oms, as the process layer uses it. Every write is keyed by our ids, so repeats are harmless. */
export class OmsApi {
  constructor(private readonly client: SystemApiClient) {}

  /** Reserves stock at a store; the same reservationRef answers the existing reservation. */
  reserve(request: CreateReservationDto): Promise<Reservation> {
    return this.client.write('reserve stock', '/v1/reservations', request, true);
  }

  releaseReservation(reservationId: string): Promise<Reservation> {
    return this.client.write(
      'release reservation',
      `/v1/reservations/${encodeURIComponent(reservationId)}/release`,
      {},
      true,
    );
  }

  consumeReservation(reservationId: string): Promise<Reservation> {
    return this.client.write(
      'consume reservation',
      `/v1/reservations/${encodeURIComponent(reservationId)}/consume`,
      {},
      true,
    );
  }

  /** Creates the fulfilment order; our order id is its external id, so a repeat finds the first. */
  createOrder(request: CreateOrderDto): Promise<OrderCreatedDto> {
    return this.client.write('create order', '/v1/orders', request, true);
  }

  createPickList(omsOrderId: string): Promise<PickListCreatedDto> {
    return this.client.write(
      'create pick list',
      `/v1/orders/${encodeURIComponent(omsOrderId)}/pick-lists`,
      {},
      true,
    );
  }

  setOrderStatus(omsOrderId: string, status: SettableOrderStatus): Promise<OrderStatusDto> {
    const request: OrderStatusChangeDto = { status };
    return this.client.write(
      'set order status',
      `/v1/orders/${encodeURIComponent(omsOrderId)}/status`,
      request,
      true,
    );
  }

  /** Books returned goods into a store's stock or damaged bin; the same movementRef answers the existing movement. */
  bookStockMovement(request: CreateStockMovementDto): Promise<StockMovement> {
    return this.client.write('book stock movement', '/v1/stock-movements', request, true);
  }
}
