import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiServiceUnavailableResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ApiOnBehalfOf, InternalCallers } from '@omnigate/auth';
import { Idempotent } from '@omnigate/idempotency';
import {
  ORDER_ACCESS_TOKEN_PATTERN,
  PickupOrderView,
  PlacedPickupOrderView,
  PlacePickupOrderDto,
  StoreActionDto,
} from '@omnigate/contracts';
import { Ctx, type RequestContext } from '@omnigate/workflow';
import { CancelPickupOrder } from './cancel-pickup-order.usecase';
import { CollectPickupOrder } from './collect-pickup-order.usecase';
import { MarkPickupOrderReady } from './mark-pickup-order-ready.usecase';
import { PickupOrderOwnerGuard, PickupOrderStoreGuard } from './pickup-order-access.guards';
import { PickupOrderViews } from './pickup-order.view';
import { PICKUP_ORDERS, type PickupOrders } from './pickup-order.workflow';
import { PickupOrderParams } from './pickup-orders.dto';
import { PlacePickupOrder } from './place-pickup-order.usecase';
import { ApiIdempotencyKey } from '@omnigate/server';

const ORDER_ACCESS_TOKEN = {
  name: 'X-Order-Access-Token',
  required: false,
  description:
    "A guest order's access token, from its placement answer; required to read or cancel a guest order",
  schema: { type: 'string', pattern: ORDER_ACCESS_TOKEN_PATTERN.source, maxLength: 47 },
};
const OTHER_STORE = {
  description:
    "pickup-order-of-another-store: the order is collected at another store; the order's store acts on it, whichever client app placed it",
};
const NOT_FOUND = {
  description:
    'pickup-order-not-found: no such order, placed by another client app (X-On-Behalf-Of), or a guest order without its X-Order-Access-Token',
};

@ApiTags('pickup-orders')
@InternalCallers('experience-storefront')
@ApiOnBehalfOf('The channel client app the call is made for; an order belongs to the one that placed it')
@Controller('v1/pickup-orders')
export class PickupOrdersController {
  constructor(
    private readonly placePickupOrder: PlacePickupOrder,
    private readonly markPickupOrderReady: MarkPickupOrderReady,
    private readonly collectPickupOrder: CollectPickupOrder,
    private readonly cancelPickupOrder: CancelPickupOrder,
    @Inject(PICKUP_ORDERS) private readonly orders: PickupOrders,
    private readonly views: PickupOrderViews,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Place a pickup order: price it, reserve the stock, hold the points' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({
    type: PlacedPickupOrderView,
    description: 'The order; a guest order with its accessToken, shown only here',
  })
  @ApiAcceptedResponse({
    type: PlacedPickupOrderView,
    description:
      "The backends are slower than the caller's X-Request-Budget-Ms: the order as it stands (PLACED) while placement goes on; Location is the order. A retry with the same key answers the order as it is by then",
  })
  @ApiConflictResponse({ description: 'insufficient-stock, or idempotency-key-in-flight' })
  @ApiUnprocessableEntityResponse({
    description:
      'unknown-sku, unknown-member, insufficient-points, points-need-member, idempotency-key-reused',
  })
  @ApiServiceUnavailableResponse({
    description:
      'process-overloaded: the replica has as many placements running and waiting as it can finish in time (PLACEMENT_MAX_IN_FLIGHT, PLACEMENT_MAX_QUEUED), or none could start before the deadline; nothing was placed. Or a backend is unavailable (upstream-*)',
    headers: {
      'Retry-After': {
        description: 'Seconds to wait before trying again',
        schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 },
      },
    },
  })
  async place(
    @Ctx() ctx: RequestContext,
    @Body() command: PlacePickupOrderDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PlacedPickupOrderView> {
    const { order, finished } = await this.placePickupOrder.execute(ctx, command);
    if (!finished) void reply.status(202).header('location', `/v1/pickup-orders/${order.orderId}`);
    return order;
  }

  @Get(':orderId')
  @UseGuards(PickupOrderOwnerGuard)
  @ApiOperation({ summary: 'A pickup order: its state, timeline and ERP postings' })
  @ApiHeader(ORDER_ACCESS_TOKEN)
  @ApiOkResponse({ type: PickupOrderView })
  @ApiNotFoundResponse(NOT_FOUND)
  async get(@Param() { orderId }: PickupOrderParams): Promise<PickupOrderView> {
    return this.views.of(await this.orders.get(orderId));
  }

  @Post(':orderId/cancel')
  @HttpCode(200)
  @UseGuards(PickupOrderOwnerGuard)
  @Idempotent()
  @ApiOperation({ summary: 'Cancel a pickup order before collection; stock and points are released' })
  @ApiIdempotencyKey()
  @ApiHeader(ORDER_ACCESS_TOKEN)
  @ApiOkResponse({ type: PickupOrderView })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({
    description: 'illegal-pickup-order-transition (collected, expired or cancelled already)',
  })
  cancel(@Ctx() ctx: RequestContext, @Param() { orderId }: PickupOrderParams): Promise<PickupOrderView> {
    return this.cancelPickupOrder.execute(ctx, { orderId });
  }

  @Post(':orderId/ready')
  @InternalCallers('experience-pos')
  @HttpCode(200)
  @UseGuards(PickupOrderStoreGuard)
  @Idempotent()
  @ApiOperation({ summary: 'The store has picked the order: ready for pickup' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: PickupOrderView })
  @ApiConflictResponse({
    description:
      'illegal-pickup-order-transition, or pick-list-not-sent (the store cannot have picked it yet; Retry-After)',
  })
  @ApiForbiddenResponse(OTHER_STORE)
  markReady(
    @Ctx() ctx: RequestContext,
    @Param() { orderId }: PickupOrderParams,
    @Body() { storeId }: StoreActionDto,
  ) {
    return this.markPickupOrderReady.execute(ctx, { orderId, storeId });
  }

  @Post(':orderId/collect')
  @InternalCallers('experience-pos')
  @HttpCode(200)
  @UseGuards(PickupOrderStoreGuard)
  @Idempotent()
  @ApiOperation({
    summary: 'The customer collected the order: points captured and accrued, sale posted to the ERP',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: PickupOrderView })
  @ApiConflictResponse({ description: 'illegal-pickup-order-transition (not ready, or collected already)' })
  @ApiForbiddenResponse(OTHER_STORE)
  collect(
    @Ctx() ctx: RequestContext,
    @Param() { orderId }: PickupOrderParams,
    @Body() { storeId }: StoreActionDto,
  ) {
    return this.collectPickupOrder.execute(ctx, { orderId, storeId });
  }
}
