import type {
  CreateOrderDto,
  CreateReservationDto,
  CreateStockMovementDto,
  OrderCreatedDto,
  OrderStatusDto,
  PickListCreatedDto,
  Reservation,
  SettableOrderStatus,
  StockMovement,
} from '@omnigate/contracts';
import type { OmsApi } from '../src/oms.api';
import { SystemRefusal } from '../src/system-refusal';

const ORDER_FLOW = ['CREATED', 'READY', 'COLLECTED'];

/** An OMS order as the fake keeps it. */
export interface FakeOmsOrder {
  request: CreateOrderDto;
  status: string;
  pickListId?: string;
}

/**
 * system-oms in memory, for process specs: it keeps what it was asked, deduplicates on our
 * references as system-oms does, and refuses with system-oms' own slugs (`reservation-not-active`
 * with `reservationStatus`, `illegal-order-transition` with `from`). `failNext` makes the next call
 * of one operation throw what the spec gives it (a refusal, or a transport failure).
 */
export class FakeOmsApi implements Pick<OmsApi, keyof OmsApi> {
  readonly reservations = new Map<string, Reservation>();
  readonly orders = new Map<string, FakeOmsOrder>();
  readonly movements = new Map<string, StockMovement>();
  readonly calls: string[] = [];
  private readonly failures = new Map<keyof OmsApi, unknown>();
  private seq = 0;

  /** The next call of `operation` throws `error` (then the fake answers again). */
  failNext(operation: keyof OmsApi, error: unknown): this {
    this.failures.set(operation, error);
    return this;
  }

  /** Stands in where an {@link OmsApi} is injected. */
  asApi(): OmsApi {
    return this as unknown as OmsApi;
  }

  reservationByRef(reservationRef: string): Reservation | undefined {
    return [...this.reservations.values()].find((r) => r.reservationRef === reservationRef);
  }

  async reserve(request: CreateReservationDto): Promise<Reservation> {
    this.enter('reserve');
    const existing = this.reservationByRef(request.reservationRef);
    if (existing) return { ...existing };
    const reservation: Reservation = {
      reservationId: `RSV-${++this.seq}`,
      status: 'ACTIVE',
      ...request,
      lines: request.lines.map((l) => ({ ...l })),
    };
    this.reservations.set(reservation.reservationId, reservation);
    return { ...reservation };
  }

  async releaseReservation(reservationId: string): Promise<Reservation> {
    this.enter('releaseReservation');
    return this.endReservation(reservationId, 'RELEASED');
  }

  async consumeReservation(reservationId: string): Promise<Reservation> {
    this.enter('consumeReservation');
    return this.endReservation(reservationId, 'CONSUMED');
  }

  async createOrder(request: CreateOrderDto): Promise<OrderCreatedDto> {
    this.enter('createOrder');
    const found = [...this.orders].find(([, o]) => o.request.externalOrderId === request.externalOrderId);
    if (found) return { omsOrderId: found[0], alreadyExisted: true };
    const omsOrderId = `OMS-${++this.seq}`;
    this.orders.set(omsOrderId, { request, status: 'CREATED' });
    return { omsOrderId, alreadyExisted: false };
  }

  async createPickList(omsOrderId: string): Promise<PickListCreatedDto> {
    this.enter('createPickList');
    const order = this.orderOf(omsOrderId);
    if (order.pickListId) return { pickListId: order.pickListId, alreadyExisted: true };
    order.pickListId = `PL-${++this.seq}`;
    return { pickListId: order.pickListId, alreadyExisted: false };
  }

  async setOrderStatus(omsOrderId: string, status: SettableOrderStatus): Promise<OrderStatusDto> {
    this.enter('setOrderStatus');
    const order = this.orderOf(omsOrderId);
    const from = order.status;
    const forward = ORDER_FLOW.indexOf(status) === ORDER_FLOW.indexOf(from) + 1;
    const cancel = status === 'CANCELLED' && from !== 'COLLECTED' && from !== 'CANCELLED';
    if (!forward && !cancel)
      throw new SystemRefusal(409, {
        type: 'illegal-order-transition',
        title: 'Illegal order transition',
        from,
        to: status,
      });
    order.status = status;
    return { omsOrderId, status };
  }

  async bookStockMovement(request: CreateStockMovementDto): Promise<StockMovement> {
    this.enter('bookStockMovement');
    const existing = [...this.movements.values()].find((m) => m.movementRef === request.movementRef);
    if (existing) return existing;
    const movement: StockMovement = { movementId: `MV-${++this.seq}`, ...request };
    this.movements.set(movement.movementId, movement);
    return movement;
  }

  private enter(operation: keyof OmsApi): void {
    this.calls.push(operation);
    const failure = this.failures.get(operation);
    if (failure === undefined) return;
    this.failures.delete(operation);
    throw failure;
  }

  private endReservation(reservationId: string, status: 'RELEASED' | 'CONSUMED'): Reservation {
    const reservation = this.reservations.get(reservationId);
    if (!reservation)
      throw new SystemRefusal(404, { type: 'unknown-reservation', title: 'No such reservation' });
    if (reservation.status !== 'ACTIVE')
      throw new SystemRefusal(409, {
        type: 'reservation-not-active',
        title: 'The reservation is not active',
        reservationStatus: reservation.status,
      });
    reservation.status = status;
    return { ...reservation };
  }

  private orderOf(omsOrderId: string): FakeOmsOrder {
    const order = this.orders.get(omsOrderId);
    if (!order) throw new SystemRefusal(404, { type: 'unknown-order', title: 'No such order' });
    return order;
  }
}
