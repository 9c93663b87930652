import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { assertMemberPermitted, MemberScoped, type Principal, RequireScopes } from '@omnigate/auth';
import {
  ORDER_ACCESS_TOKEN_PATTERN,
  PICKUP_ORDER_ID_PATTERN,
  PickupOrderView,
  PlacedPickupOrderView,
  PlacePickupOrderDto,
} from '@omnigate/contracts';
import { type ProcessCaller, PickupOrdersApi } from '@omnigate/process-clients';
import type { Forwarded } from '@omnigate/system-clients';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { ApiEdgeRead, Caller, DependsOn, MEMBER_REFUSAL, WRITE_ANSWER_HEADERS } from '@omnigate/edge';
import { ApiIdempotencyKey } from '@omnigate/server';

export class PickupOrderParams {
  @ApiProperty({ example: 'po_8Qm3xT0aLk2VbN7c', maxLength: 43 })
  @IsString()
  @Matches(PICKUP_ORDER_ID_PATTERN)
  orderId!: string;
}

const PLACEMENT_EXAMPLES = {
  guest: {
    summary: 'A guest order (any client app key)',
    value: { storeId: 'ST-6930', lines: [{ sku: '27023702', quantity: 1 }] },
  },
  member: {
    summary:
      "A member's order redeeming points (the member's token, or a trusted server's key: dev-customer-service)",
    value: {
      storeId: 'ST-6930',
      memberId: '6042685219730',
      lines: [{ sku: '27023702', quantity: 1 }],
      redeemPoints: 500,
    },
  },
};
const ORDER_ACCESS_TOKEN = {
  name: 'X-Order-Access-Token',
  required: false,
  description:
    'Required for a guest order (placed without memberId): the accessToken of its placement answer. Without it, or with a wrong one, the answer is 404 pickup-order-not-found. ' +
    "A member's order needs that member's token (or a trusted server's credentials) instead.",
  schema: { type: 'string', pattern: ORDER_ACCESS_TOKEN_PATTERN.source, maxLength: 47 },
};
const NOT_FOUND = {
  slug: 'pickup-order-not-found',
  title: 'No pickup order has this id',
  description:
    'No pickup order of this client app has this id, or it is a guest order and X-Order-Access-Token is missing or wrong (type pickup-order-not-found)',
};

/** Answers a forwarded write as process-orders did, replays included. */
function answer<T>(reply: FastifyReply, forwarded: Forwarded<T>): T {
  void reply.status(forwarded.status);
  // A placement still going on (202): where to read the order.
  const orderId = (forwarded.data as { orderId?: unknown } | undefined)?.orderId;
  if (forwarded.status === 202 && typeof orderId === 'string')
    void reply.header('location', `/v1/pickup-orders/${encodeURIComponent(orderId)}`);
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
  @MemberScoped('memberId', 'body')
  @ApiOperation({
    summary:
      'Place a pickup order: priced at the store, stock reserved until the pickup window ends, redeemed points held',
    description:
      "An order for a member (memberId, redeemPoints) needs that member's token or a trusted server's credentials (403 member-credential-required, or member-not-permitted for another member's token). " +
      "The answer is 201 with the order, in state RESERVED; a guest order's answer also carries its accessToken, needed to read or cancel it. " +
      'When the store systems are too slow to answer in time, the answer is 202 with the order as it stands (PLACED) and its Location: placement goes on, ' +
      'and reading the order (or repeating the request with the same Idempotency-Key) shows how it ended.',
  })
  @ApiIdempotencyKey()
  // A channel's API key alone places guest orders only, so the guest order is the example "Try it out" sends.
  @ApiBody({ type: PlacePickupOrderDto, examples: PLACEMENT_EXAMPLES })
  @ApiCreatedResponse({ type: PlacedPickupOrderView, headers: WRITE_ANSWER_HEADERS })
  @ApiAcceptedResponse({
    type: PlacedPickupOrderView,
    description:
      'Placement goes on after the store systems were too slow to answer in time: the order as it stands (PLACED); read it at Location',
    headers: {
      ...WRITE_ANSWER_HEADERS,
      Location: { description: 'The order', schema: { type: 'string', maxLength: 60 } },
    },
  })
  @ApiConflictResponse({
    description: 'insufficient-stock, or idempotency-key-in-flight (application/problem+json)',
    headers: WRITE_ANSWER_HEADERS,
  })
  @ApiEdgeRead(
    'pickup-orders:write',
    { slug: 'unknown-store', title: 'No store has this id', description: 'The store does not exist' },
    MEMBER_REFUSAL,
  )
  async place(
    @Caller() caller: ProcessCaller,
    @Body() order: PlacePickupOrderDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(reply, await this.orders.place(caller, order));
  }

  @Get(':orderId')
  @RequireScopes('pickup-orders:read')
  @ApiOperation({
    summary: 'A pickup order: its state, its timeline step by step, and its ERP postings',
    description:
      "Only the client app that placed the order reads it; a guest order also needs its X-Order-Access-Token, a member's order that member's token or a trusted server.",
  })
  @ApiHeader(ORDER_ACCESS_TOKEN)
  @ApiOkResponse({ type: PickupOrderView, headers: WRITE_ANSWER_HEADERS })
  @ApiEdgeRead('pickup-orders:read', NOT_FOUND, MEMBER_REFUSAL)
  read(
    @Caller() caller: ProcessCaller,
    @Param() { orderId }: PickupOrderParams,
    @Req() request: FastifyRequest,
  ) {
    return this.ownedOrder(caller, orderId, request.principal!);
  }

  @Post(':orderId/cancel')
  @HttpCode(200)
  @RequireScopes('pickup-orders:write')
  @ApiOperation({
    summary: 'Cancel a pickup order before collection: the stock and the held points are released',
    description:
      'Who may cancel is who may read the order: its client app, with the access token of a guest order or the token of its member.',
  })
  @ApiIdempotencyKey()
  @ApiHeader(ORDER_ACCESS_TOKEN)
  @ApiOkResponse({ type: PickupOrderView, headers: WRITE_ANSWER_HEADERS })
  @ApiConflictResponse({
    description:
      'illegal-pickup-order-transition: collected, expired or cancelled already (application/problem+json)',
    headers: WRITE_ANSWER_HEADERS,
  })
  @ApiEdgeRead('pickup-orders:write', NOT_FOUND, MEMBER_REFUSAL)
  async cancel(
    @Caller() caller: ProcessCaller,
    @Param() { orderId }: PickupOrderParams,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // Ownership is checked on the order as it stands, before anything changes.
    await this.ownedOrder(caller, orderId, request.principal!);
    return answer(reply, await this.orders.cancel(caller, orderId));
  }

  /**
   * The order, if the caller may act on it. process-orders answers only the client app that placed
   * it, and a guest order only with its access token; a member's order is checked here, where the
   * caller's member binding is known.
   */
  private async ownedOrder(
    caller: ProcessCaller,
    orderId: string,
    principal: Principal,
  ): Promise<PickupOrderView> {
    const { data } = await this.orders.get(caller, orderId);
    if (data.memberId !== null) assertMemberPermitted(principal, data.memberId);
    return data;
  }
}
