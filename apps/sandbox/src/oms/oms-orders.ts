import { Injectable } from '@nestjs/common';
import { SandboxClock } from '../sandbox-clock';
import { readVendorBody } from '../vendor-body';
import { mintUniqueId, randomDigits } from '../vendor-ids';
import { RetailerWorld } from '../world/retailer-world';
import { ORDER_MOVES, type OrderStatus } from './fulfilment-order.process';
import { FulfilmentOrderRequest, OrderStatusRequest, type OmsLine } from './oms.dto';
import { omsError } from './oms-error';
import { OmsReservations } from './oms-reservations';

/** An order the OMS fulfils from a location, by pickup or shipping. */
export interface FulfilmentOrder {
  omsOrderId: string;
  externalOrderId: string;
  channel: string;
  locationId: string;
  fulfilment: 'PICKUP' | 'SHIP';
  reservationId?: string;
  status: OrderStatus;
  lines: OmsLine[];
  pickListId?: string;
  createdAt: string;
  updatedAt: string;
}

/** The WMS's instruction to pick an order's lines from their bins. */
export interface PickList {
  pickListId: string;
  omsOrderId: string;
  locationId: string;
  lines: Array<OmsLine & { description: string; binLocation: string }>;
  createdAt: string;
}

function invalid(problems: string[]) {
  return omsError(400, 'VALIDATION_FAILED', problems.join('; '));
}

/** A stable, store-looking bin for a sku: aisle letter, bay, shelf. */
function binOf(sku: string): string {
  return `${'ABCDEFGH'[Number(sku[7]) % 8]}-${sku.slice(2, 4)}-${(Number(sku[5]) % 4) + 1}`;
}

/**
 * The OMS's orders and pick lists. Order status does not touch reservations: the caller consumes
 * or releases its reservation explicitly, as with the real OMS.
 */
@Injectable()
export class OmsOrders {
  private orders = new Map<string, FulfilmentOrder>();
  private byExternalId = new Map<string, FulfilmentOrder>();
  private pickLists = new Map<string, PickList>();

  constructor(
    private readonly world: RetailerWorld,
    private readonly reservations: OmsReservations,
    private readonly clock: SandboxClock,
  ) {}

  create(body: unknown) {
    const request = readVendorBody(FulfilmentOrderRequest, body, invalid);
    const existing = this.byExternalId.get(request.externalOrderId);
    if (existing) {
      throw omsError(409, 'DUPLICATE_ORDER', `Order ${request.externalOrderId} already exists`, {
        omsOrderId: existing.omsOrderId,
      });
    }
    if (!this.world.store(request.locationId)) {
      throw omsError(422, 'UNKNOWN_LOCATION', `No location ${request.locationId}`, {
        locationId: request.locationId,
      });
    }
    const unknownSku = request.lines.find((line) => !this.world.product(line.sku));
    if (unknownSku) throw omsError(422, 'UNKNOWN_SKU', `No sku ${unknownSku.sku}`, { sku: unknownSku.sku });
    if (request.reservationId !== undefined && !this.reservations.exists(request.reservationId)) {
      throw omsError(422, 'RESERVATION_NOT_FOUND', `No reservation ${request.reservationId}`, {
        reservationId: request.reservationId,
      });
    }
    const stamp = new Date(this.clock.now()).toISOString();
    const order: FulfilmentOrder = {
      omsOrderId: mintUniqueId(this.orders, () => `SO${randomDigits(10)}`),
      externalOrderId: request.externalOrderId,
      channel: request.channel,
      locationId: request.locationId,
      fulfilment: request.fulfilment,
      status: 'CREATED',
      lines: request.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      createdAt: stamp,
      updatedAt: stamp,
    };
    if (request.reservationId !== undefined) order.reservationId = request.reservationId;
    this.orders.set(order.omsOrderId, order);
    this.byExternalId.set(order.externalOrderId, order);
    return { omsOrderId: order.omsOrderId, externalOrderId: order.externalOrderId, status: order.status };
  }

  read(omsOrderId: string): FulfilmentOrder {
    const order = this.orders.get(omsOrderId);
    if (!order) throw omsError(404, 'ORDER_NOT_FOUND', `No order ${omsOrderId}`, { omsOrderId });
    return order;
  }

  /** One pick list per order, while the order is still to be fulfilled. */
  createPickList(omsOrderId: string): PickList {
    const order = this.read(omsOrderId);
    if (order.pickListId) {
      throw omsError(
        409,
        'PICK_LIST_EXISTS',
        `Order ${omsOrderId} already has pick list ${order.pickListId}`,
        {
          pickListId: order.pickListId,
        },
      );
    }
    if (ORDER_MOVES[order.status].length === 0) {
      throw omsError(409, 'ILLEGAL_ORDER_STATE', `Order ${omsOrderId} is ${order.status}`, {
        status: order.status,
      });
    }
    const pickList: PickList = {
      pickListId: mintUniqueId(this.pickLists, () => `PK${randomDigits(8)}`),
      omsOrderId,
      locationId: order.locationId,
      lines: order.lines.map(({ sku, quantity }) => ({
        sku,
        quantity,
        description: this.world.product(sku)?.name ?? sku,
        binLocation: binOf(sku),
      })),
      createdAt: new Date(this.clock.now()).toISOString(),
    };
    this.pickLists.set(pickList.pickListId, pickList);
    order.pickListId = pickList.pickListId;
    return pickList;
  }

  /** Moves the order along its lifecycle; setting the status it already has changes nothing. */
  changeStatus(omsOrderId: string, body: unknown) {
    const order = this.read(omsOrderId);
    const { status: to } = readVendorBody(OrderStatusRequest, body, invalid);
    if (order.status !== to) {
      if (!ORDER_MOVES[order.status].includes(to)) {
        throw omsError(
          409,
          'ILLEGAL_STATUS_TRANSITION',
          `Order ${omsOrderId} cannot go from ${order.status} to ${to}`,
          {
            from: order.status,
            to,
          },
        );
      }
      order.status = to;
      order.updatedAt = new Date(this.clock.now()).toISOString();
    }
    return {
      omsOrderId,
      externalOrderId: order.externalOrderId,
      status: order.status,
      updatedAt: order.updatedAt,
    };
  }

  reset(): void {
    this.orders = new Map();
    this.byExternalId = new Map();
    this.pickLists = new Map();
  }
}
