import { Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsString, Matches } from 'class-validator';
import { RequireScopes, StoreScoped } from '@omnigate/auth';
import { PICKUP_ORDER_ID_PATTERN, PickupOrderView, STORE_ID_PATTERN } from '@omnigate/contracts';
import { type ProcessCaller, PickupOrdersApi } from '@omnigate/process-clients';
import { ApiEdgeRead, Caller, DependsOn, WRITE_ANSWER_HEADERS } from '@omnigate/edge';
import { ApiIdempotencyKey } from '@omnigate/server';

export class StorePickupOrderParams {
  @ApiProperty({ example: 'ST-6930', maxLength: 20 })
  @IsString()
  @Matches(STORE_ID_PATTERN)
  storeId!: string;

  @ApiProperty({ example: 'po_8Qm3xT0aLk2VbN7c', maxLength: 43 })
  @IsString()
  @Matches(PICKUP_ORDER_ID_PATTERN)
  orderId!: string;
}

const NOT_FOUND = {
  slug: 'pickup-order-not-found',
  title: 'No pickup order has this id',
  description: 'No pickup order has this id (type pickup-order-not-found)',
};

@ApiTags('pickup-orders')
@DependsOn('process-orders')
@Controller('v1/stores/:storeId/pickup-orders')
export class StorePickupOrdersController {
  constructor(private readonly orders: PickupOrdersApi) {}

  @Post(':orderId/ready')
  @HttpCode(200)
  @RequireScopes('pickup-orders:fulfil')
  @StoreScoped('storeId')
  @ApiOperation({
    summary: 'The store has picked the order: ready for the customer',
    description: 'A device acts for its own store only; an order of another store is 403.',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: PickupOrderView, headers: WRITE_ANSWER_HEADERS })
  @ApiConflictResponse({
    description: 'illegal-pickup-order-transition (application/problem+json)',
    headers: WRITE_ANSWER_HEADERS,
  })
  @ApiEdgeRead('pickup-orders:fulfil', NOT_FOUND)
  async markReady(
    @Caller() caller: ProcessCaller,
    @Param() { storeId, orderId }: StorePickupOrderParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const forwarded = await this.orders.markReady(caller, orderId, storeId);
    if (forwarded.replayed) void reply.header('idempotent-replayed', 'true');
    return forwarded.data;
  }

  @Post(':orderId/collect')
  @HttpCode(200)
  @RequireScopes('pickup-orders:fulfil')
  @StoreScoped('storeId')
  @ApiOperation({
    summary:
      'The customer collected the order: held points captured, new points accrued, the sale posted to the ERP',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: PickupOrderView, headers: WRITE_ANSWER_HEADERS })
  @ApiConflictResponse({
    description:
      'illegal-pickup-order-transition: not ready, or collected already (application/problem+json)',
    headers: WRITE_ANSWER_HEADERS,
  })
  @ApiEdgeRead('pickup-orders:fulfil', NOT_FOUND)
  async collect(
    @Caller() caller: ProcessCaller,
    @Param() { storeId, orderId }: StorePickupOrderParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const forwarded = await this.orders.collect(caller, orderId, storeId);
    if (forwarded.replayed) void reply.header('idempotent-replayed', 'true');
    return forwarded.data;
  }
}
