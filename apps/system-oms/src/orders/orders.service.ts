import { Injectable } from '@nestjs/common';
import { OMS_ERROR, type OmsErrorBody, omsRefusal, unexpectedOmsRefusal } from '../oms/oms-api';
import { OmsClient } from '../oms/oms.client';
import {
  InsufficientStock,
  UnknownReservation,
  UnknownSku,
  UnknownStore,
} from '../reservations/reservations.errors';
import {
  type OmsOrderCreated,
  type OmsOrderStatusAnswer,
  type OmsPickList,
  toOmsOrderRequest,
  toOrderStatus,
} from './oms-order.mapper';
import type {
  CreateOrderDto,
  OrderCreatedDto,
  OrderStatusDto,
  PickListCreatedDto,
  SettableOrderStatus,
} from '@omnigate/contracts';
import { IllegalOrderTransition, InvalidOrder, OrderClosed, UnknownOrder } from './orders.errors';

const CREATE_ORDER = 'create order';
const CREATE_PICK_LIST = 'create pick list';
const CHANGE_STATUS = 'change order status';

/** Fulfilment orders in the OMS, their pick lists and status; each write lands at most once. */
@Injectable()
export class OrdersService {
  constructor(private readonly oms: OmsClient) {}

  /** Creates the order; an externalOrderId the OMS already holds answers that order. */
  async createOrder(order: CreateOrderDto): Promise<OrderCreatedDto> {
    const response = await this.oms.post<OmsOrderCreated | OmsErrorBody>(
      CREATE_ORDER,
      '/orders',
      toOmsOrderRequest(order),
      [400, 409, 422],
    );
    if (response.status < 300)
      return { omsOrderId: (response.data as OmsOrderCreated).omsOrderId, alreadyExisted: false };
    const refusal = omsRefusal(response);
    switch (refusal.code) {
      case OMS_ERROR.duplicateOrder:
        return { omsOrderId: String(refusal.omsOrderId), alreadyExisted: true };
      case OMS_ERROR.unknownLocation:
        throw new UnknownStore(order.storeId);
      case OMS_ERROR.unknownSku:
        throw new UnknownSku(String(refusal.sku));
      case OMS_ERROR.reservationNotFound:
        throw new UnknownReservation(String(order.reservationId));
      case OMS_ERROR.insufficientStock:
        throw new InsufficientStock(String(refusal.sku), order.storeId, refusal.available);
      case OMS_ERROR.validationFailed:
        throw new InvalidOrder(refusal.message ?? 'refused');
      default:
        throw unexpectedOmsRefusal(CREATE_ORDER, response);
    }
  }

  /** Sends the order's pick list to the store; an order that has one answers it. */
  async createPickList(omsOrderId: string): Promise<PickListCreatedDto> {
    const response = await this.oms.post<OmsPickList | OmsErrorBody>(
      CREATE_PICK_LIST,
      `/orders/${encodeURIComponent(omsOrderId)}/pick-lists`,
      undefined,
      [404, 409],
    );
    if (response.status < 300)
      return { pickListId: (response.data as OmsPickList).pickListId, alreadyExisted: false };
    const refusal = omsRefusal(response);
    switch (refusal.code) {
      case OMS_ERROR.pickListExists:
        return { pickListId: String(refusal.pickListId), alreadyExisted: true };
      case OMS_ERROR.orderNotFound:
        throw new UnknownOrder(omsOrderId);
      case OMS_ERROR.illegalOrderState:
        throw new OrderClosed(omsOrderId, refusal.status);
      default:
        throw unexpectedOmsRefusal(CREATE_PICK_LIST, response);
    }
  }

  /** Moves the order along its lifecycle; asking for the status it has changes nothing. */
  async changeStatus(omsOrderId: string, status: SettableOrderStatus): Promise<OrderStatusDto> {
    const response = await this.oms.post<OmsOrderStatusAnswer | OmsErrorBody>(
      CHANGE_STATUS,
      `/orders/${encodeURIComponent(omsOrderId)}/status`,
      { status },
      [404, 409],
    );
    if (response.status < 300) return toOrderStatus(response.data as OmsOrderStatusAnswer);
    const refusal = omsRefusal(response);
    switch (refusal.code) {
      case OMS_ERROR.orderNotFound:
        throw new UnknownOrder(omsOrderId);
      case OMS_ERROR.illegalStatusTransition:
        throw new IllegalOrderTransition(omsOrderId, refusal.from, status);
      default:
        throw unexpectedOmsRefusal(CHANGE_STATUS, response);
    }
  }
}
