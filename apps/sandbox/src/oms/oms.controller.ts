import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Res,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BackendTrafficInterceptor } from '../traffic/backend-traffic.interceptor';
import { SandboxBackend, TrafficOperation } from '../traffic/traffic-route.decorator';
import { VendorHttpErrorFilter } from '../vendor-http-error.filter';
import {
  FulfilmentOrderRequest,
  OrderStatusRequest,
  StockMovementRequest,
  StockReservationRequest,
} from './oms.dto';
import { OmsOrders } from './oms-orders';
import { OmsReservations } from './oms-reservations';
import { OmsStockMovements } from './oms-stock-movements';

/**
 * The simulated OMS/WMS (camelCase JSON, errors `{ code, message }`). Counter operation names:
 * `POST reservations`, `GET reservations/{reservationId}`, `POST reservations/{reservationId}/release`,
 * `POST reservations/{reservationId}/consume`, `POST orders`, `GET orders/{omsOrderId}`,
 * `POST orders/{omsOrderId}/pick-lists`, `POST orders/{omsOrderId}/status`, `POST stock-movements`.
 */
@ApiTags('sandbox: OMS/WMS')
@SandboxBackend('oms')
@UseFilters(VendorHttpErrorFilter)
@UseInterceptors(BackendTrafficInterceptor)
@Controller('oms/v1')
export class OmsController {
  constructor(
    private readonly reservations: OmsReservations,
    private readonly orders: OmsOrders,
    private readonly stockMovements: OmsStockMovements,
  ) {}

  @Post('reservations')
  @TrafficOperation('POST reservations')
  @ApiOperation({ summary: 'Reserve stock at a location, all lines or none' })
  @ApiBody({ type: StockReservationRequest })
  @ApiResponse({ status: 201, description: 'Reserved' })
  @ApiResponse({ status: 200, description: 'The reservationRef is known: the existing reservation' })
  @ApiResponse({ status: 409, description: 'INSUFFICIENT_STOCK with sku and available; nothing reserved' })
  reserve(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const { created, reservation } = this.reservations.reserve(body);
    void reply.status(created ? 201 : 200);
    return reservation;
  }

  @Get('reservations/:reservationId')
  @TrafficOperation('GET reservations/{reservationId}')
  @ApiOperation({ summary: 'Read a reservation' })
  readReservation(@Param('reservationId') reservationId: string) {
    return this.reservations.read(reservationId);
  }

  @Post('reservations/:reservationId/release')
  @HttpCode(200)
  @TrafficOperation('POST reservations/{reservationId}/release')
  @ApiOperation({ summary: 'Release a reservation and give its stock back (idempotent)' })
  release(@Param('reservationId') reservationId: string) {
    return this.reservations.release(reservationId);
  }

  @Post('reservations/:reservationId/consume')
  @HttpCode(200)
  @TrafficOperation('POST reservations/{reservationId}/consume')
  @ApiOperation({ summary: 'Consume a reservation: the goods left the store' })
  @ApiResponse({ status: 409, description: 'RESERVATION_NOT_ACTIVE (released or expired)' })
  consume(@Param('reservationId') reservationId: string) {
    return this.reservations.consume(reservationId);
  }

  @Post('orders')
  @TrafficOperation('POST orders')
  @ApiOperation({ summary: 'Create a fulfilment order' })
  @ApiBody({ type: FulfilmentOrderRequest })
  @ApiResponse({ status: 409, description: 'DUPLICATE_ORDER with the existing omsOrderId' })
  createOrder(@Body() body: unknown) {
    return this.orders.create(body);
  }

  @Get('orders/:omsOrderId')
  @TrafficOperation('GET orders/{omsOrderId}')
  @ApiOperation({ summary: 'Read an order' })
  readOrder(@Param('omsOrderId') omsOrderId: string) {
    return this.orders.read(omsOrderId);
  }

  @Post('orders/:omsOrderId/pick-lists')
  @TrafficOperation('POST orders/{omsOrderId}/pick-lists')
  @ApiOperation({ summary: "Create the order's pick list" })
  @ApiResponse({ status: 409, description: 'PICK_LIST_EXISTS with the existing pickListId' })
  createPickList(@Param('omsOrderId') omsOrderId: string) {
    return this.orders.createPickList(omsOrderId);
  }

  @Post('orders/:omsOrderId/status')
  @HttpCode(200)
  @TrafficOperation('POST orders/{omsOrderId}/status')
  @ApiOperation({ summary: 'Move an order to READY, COLLECTED or CANCELLED' })
  @ApiBody({ type: OrderStatusRequest })
  @ApiResponse({ status: 409, description: 'ILLEGAL_STATUS_TRANSITION' })
  changeStatus(@Param('omsOrderId') omsOrderId: string, @Body() body: unknown) {
    return this.orders.changeStatus(omsOrderId, body);
  }

  @Post('stock-movements')
  @TrafficOperation('POST stock-movements')
  @ApiOperation({ summary: 'Book returned goods into a location: back to stock, or to the damaged bin' })
  @ApiBody({ type: StockMovementRequest })
  @ApiResponse({ status: 201, description: 'Booked' })
  @ApiResponse({ status: 200, description: 'The movementRef is known: the existing movement' })
  @ApiResponse({ status: 422, description: 'UNKNOWN_LOCATION or UNKNOWN_SKU' })
  bookStockMovement(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const { created, movement } = this.stockMovements.book(body);
    void reply.status(created ? 201 : 200);
    return movement;
  }
}
