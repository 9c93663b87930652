import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { assertMemberPermitted, RequireScopes } from '@omnigate/auth';
import { PICKUP_ORDER_ID_PATTERN, PickupOrderView, PlacePickupOrderDto } from '@omnigate/contracts';
import { type Forwarded, type PickupOrderCaller, PickupOrdersApi } from '@omnigate/system-clients';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { ApiEdgeRead, Caller, DependsOn, WRITE_ANSWER_HEADERS } from '@omnigate/edge';

export class PickupOrderParams {
  @ApiProperty({ example: 'po_8Qm3xT0aLk2VbN7c', maxLength: 43 })
  @IsString() @Matches(PICKUP_ORDER_ID_PATTERN)
  orderId!: string;
}

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  required: true,
  description:
    'Unique per intended write, 1-255 printable characters. Repeating a write with the same key and body answers the first result (header Idempotent-Replayed: true) for at least 24 hours; the same key with another body is 422, while the first is still running 409; without a key 400.',
  schema: { type: 'string', maxLength: 255 },
};
const NOT_FOUND = { slug: 'pickup-order-not-found', title: 'No pickup order has this id', description: 'No pickup order has this id (type pickup-order-not-found)' };

/** Answers a forwarded write as process-orders did, replays included. */
function answer(reply: FastifyReply, forwarded: Forwarded<PickupOrderView>): PickupOrderView {
  void reply.status(forwarded.status);
  if (forwarded.replayed) void reply.header('idempotent-replayed', 'true');
  return forwarded.data;
}

@ApiTags('pickup-orders')
// process-orders reaches the OMS, POS and loyalty itself; the ERP only later, from its posting queue.
@DependsOn('process-orders')
@Controller('v1/pickup-orders')
export class PickupOrdersController {
  constructor(private readonly orders: PickupOrdersApi) {}

  @Post()
  @RequireScopes('pickup-orders:write')
  @ApiOperation({
    summary: 'Place a pickup order: priced at the store, stock reserved until the pickup window ends, redeemed points held',
    description: "A shopper's token may place orders for its own member only. The answer is 201 with the order's id and state (RESERVED).",
  })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: PickupOrderView, headers: WRITE_ANSWER_HEADERS })
  @ApiConflictResponse({ description: 'insufficient-stock, or idempotency-key-in-flight (application/problem+json)', headers: WRITE_ANSWER_HEADERS })
  @ApiEdgeRead('pickup-orders:write', { slug: 'unknown-store', title: 'No store has this id', description: 'The store does not exist' })
  async place(@Caller() caller: PickupOrderCaller, @Body() order: PlacePickupOrderDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    if (order.memberId) assertMemberPermitted(request.principal!, order.memberId);
    return answer(reply, await this.orders.place(caller, order));
  }

  @Get(':orderId')
  @RequireScopes('pickup-orders:read')
  @ApiOperation({ summary: 'A pickup order: its state, its timeline step by step, and its ERP postings' })
  @ApiOkResponse({ type: PickupOrderView, headers: WRITE_ANSWER_HEADERS })
  @ApiEdgeRead('pickup-orders:read', NOT_FOUND)
  async read(@Caller() caller: PickupOrderCaller, @Param() { orderId }: PickupOrderParams, @Req() request: FastifyRequest) {
    const { data } = await this.orders.get(caller, orderId);
    if (data.memberId) assertMemberPermitted(request.principal!, data.memberId);
    return data;
  }

  @Post(':orderId/cancel')
  @HttpCode(200)
  @RequireScopes('pickup-orders:write')
  @ApiOperation({ summary: 'Cancel a pickup order before collection: the stock and the held points are released' })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: PickupOrderView, headers: WRITE_ANSWER_HEADERS })
  @ApiConflictResponse({ description: 'illegal-pickup-order-transition: collected, expired or cancelled already (application/problem+json)', headers: WRITE_ANSWER_HEADERS })
  @ApiEdgeRead('pickup-orders:write', NOT_FOUND)
  async cancel(@Caller() caller: PickupOrderCaller, @Param() { orderId }: PickupOrderParams, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    // Ownership is checked on the order as it stands, before anything changes.
    const { data } = await this.orders.get(caller, orderId);
    if (data.memberId) assertMemberPermitted(request.principal!, data.memberId);
    return answer(reply, await this.orders.cancel(caller, orderId));
  }
}
