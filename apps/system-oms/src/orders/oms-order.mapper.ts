import type { OmsLine } from '../reservations/oms-reservation.mapper';
import type { CreateOrderDto, OrderStatusDto } from '@omnigate/contracts';

/** The OMS's order request; a known externalOrderId is refused as DUPLICATE_ORDER naming the existing order. */
export interface OmsOrderRequest {
  externalOrderId: string;
  channel: string;
  locationId: string;
  fulfilment: 'PICKUP' | 'SHIP';
  reservationId?: string;
  lines: OmsLine[];
}

/** The OMS's answer to a new order. */
export interface OmsOrderCreated {
  omsOrderId: string;
  externalOrderId: string;
  status: string;
}

/** The OMS's pick list, as far as this app reads it. */
export interface OmsPickList {
  pickListId: string;
  omsOrderId: string;
}

/** The OMS's answer to a status change. */
export interface OmsOrderStatusAnswer {
  omsOrderId: string;
  status: string;
}

/** Turns our order into the OMS's request; the store is its location. */
export function toOmsOrderRequest(order: CreateOrderDto): OmsOrderRequest {
  return {
    externalOrderId: order.externalOrderId,
    channel: order.channel,
    locationId: order.storeId,
    fulfilment: order.fulfilment,
    ...(order.reservationId !== undefined && { reservationId: order.reservationId }),
    lines: order.lines.map(({ sku, quantity }) => ({ sku, quantity })),
  };
}

/** Turns the OMS's answer to a status change into ours. */
export function toOrderStatus(answer: OmsOrderStatusAnswer): OrderStatusDto {
  return { omsOrderId: answer.omsOrderId, status: answer.status };
}
