import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ApiBackendProblemAnswers } from '@omnigate/http-client';
import { InternalCallers } from '@omnigate/auth';
import {
  CreateOrderDto,
  OrderCreatedDto,
  OrderStatusChangeDto,
  OrderStatusDto,
  PickListCreatedDto,
} from '@omnigate/contracts';
import { OrderParams } from './orders.dto';
import { OrdersService } from './orders.service';

@ApiTags('orders')
@ApiBackendProblemAnswers('the OMS')
@InternalCallers('process-orders')
@Controller('v1/orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create a fulfilment order in the OMS, at most once per externalOrderId',
    description:
      'Safe to repeat: a repeat answers the order the first call created, with alreadyExisted true.',
  })
  @ApiOkResponse({ type: OrderCreatedDto })
  @ApiConflictResponse({
    description:
      'problem+json, type insufficient-stock: the order had no reservation and the store lacks stock',
  })
  @ApiUnprocessableEntityResponse({
    description: 'problem+json, type unknown-store, unknown-sku or invalid-order',
  })
  @ApiNotFoundResponse({
    description: 'problem+json, type unknown-reservation: the reservationId names no reservation',
  })
  createOrder(@Body() order: CreateOrderDto): Promise<OrderCreatedDto> {
    return this.orders.createOrder(order);
  }

  @Post(':omsOrderId/pick-lists')
  @HttpCode(200)
  @ApiOperation({
    summary: "Send the order's pick list to the store",
    description: 'Safe to repeat: an order that has its pick list answers it, with alreadyExisted true.',
  })
  @ApiOkResponse({ type: PickListCreatedDto })
  @ApiNotFoundResponse({ description: 'problem+json, type unknown-order' })
  @ApiConflictResponse({
    description: 'problem+json, type order-closed: the order is collected or cancelled',
  })
  createPickList(@Param() { omsOrderId }: OrderParams): Promise<PickListCreatedDto> {
    return this.orders.createPickList(omsOrderId);
  }

  @Post(':omsOrderId/status')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move an order to READY, COLLECTED or CANCELLED',
    description: 'Safe to repeat: asking for the status the order already has changes nothing.',
  })
  @ApiOkResponse({ type: OrderStatusDto })
  @ApiNotFoundResponse({ description: 'problem+json, type unknown-order' })
  @ApiConflictResponse({ description: 'problem+json, type illegal-order-transition (with from and to)' })
  changeStatus(
    @Param() { omsOrderId }: OrderParams,
    @Body() { status }: OrderStatusChangeDto,
  ): Promise<OrderStatusDto> {
    return this.orders.changeStatus(omsOrderId, status);
  }
}
