import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireScopes, StoreScoped } from '@omnigate/auth';
import {
  AuthorizeTillRedemptionDto,
  TillRedemptionActionDto,
  TillRedemptionParams,
  TillRedemptionView,
} from '@omnigate/contracts';
import { type ProcessCaller, TillRedemptionsApi } from '@omnigate/process-clients';
import type { Forwarded } from '@omnigate/system-clients';
import { ApiEdgeRead, Caller, DependsOn, WRITE_ANSWER_HEADERS } from '@omnigate/edge';
import { ApiIdempotencyKey } from '@omnigate/server';

const NOT_FOUND = {
  slug: 'till-redemption-not-found',
  title: 'No till redemption has this id',
  description: 'No till redemption has this id (type till-redemption-not-found)',
};
const OTHER_STORE = {
  slug: 'till-redemption-of-another-store',
  title: 'This till redemption belongs to another store',
  description:
    "A till acts for its own store only: a storeId other than the key's store is store-not-permitted, a redemption of another store is till-redemption-of-another-store; nothing changes",
};
const ILLEGAL = {
  description:
    'illegal-till-redemption-transition, with currentState and requestedState: captured or voided already, or expired (application/problem+json)',
  headers: WRITE_ANSWER_HEADERS,
};

/** A seeded member's points held at store ST-6930 (a registerId, when given, must be one of the store's registers). */
const AUTHORIZE_EXAMPLES = {
  checkout: {
    summary: '500 points of member 6042685219730 at store ST-6930',
    value: { storeId: 'ST-6930', memberId: '6042685219730', points: 500, reference: 'basket-20261130-0042' },
  },
};
/** The till's store, which must be the redemption's (use the redemptionId an authorization at ST-6930 answered). */
const ACTION_EXAMPLES = { till: { summary: 'The till of store ST-6930', value: { storeId: 'ST-6930' } } };

function answer<T>(reply: FastifyReply, forwarded: Forwarded<T>): T {
  void reply.status(forwarded.status);
  if (forwarded.replayed) void reply.header('idempotent-replayed', 'true');
  return forwarded.data;
}

@ApiTags('loyalty')
@DependsOn('process-orders')
@Controller('v1/loyalty/redemptions')
export class TillRedemptionsController {
  constructor(private readonly redemptions: TillRedemptionsApi) {}

  @Post()
  @RequireScopes('loyalty:redeem')
  @StoreScoped('storeId', 'body')
  @ApiOperation({
    summary: "Authorize: hold a member's points at checkout",
    description:
      "The points leave the member's balance now and are held until the sale captures them, the till voids them, or the hold expires (then they go back). " +
      'A till acts for its own store only. The answer is 201 with the redemption in state AUTHORIZED and its expiresAt.',
  })
  @ApiIdempotencyKey()
  @ApiBody({ type: AuthorizeTillRedemptionDto, examples: AUTHORIZE_EXAMPLES })
  @ApiCreatedResponse({ type: TillRedemptionView, headers: WRITE_ANSWER_HEADERS })
  @ApiConflictResponse({
    description: 'idempotency-key-in-flight (application/problem+json)',
    headers: WRITE_ANSWER_HEADERS,
  })
  @ApiEdgeRead('loyalty:redeem', {
    slug: 'unknown-member',
    title: 'No member has this id',
    description: 'The member or store does not exist (unknown-member, unknown-store)',
  })
  async authorize(
    @Caller() caller: ProcessCaller,
    @Body() redemption: AuthorizeTillRedemptionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(reply, await this.redemptions.authorize(caller, redemption));
  }

  @Post(':redemptionId/capture')
  @HttpCode(200)
  @RequireScopes('loyalty:redeem')
  @StoreScoped('storeId', 'body')
  @ApiOperation({
    summary: 'Capture: the sale completed; the held points are spent and their liability posted to the ERP',
  })
  @ApiIdempotencyKey()
  @ApiBody({ type: TillRedemptionActionDto, examples: ACTION_EXAMPLES })
  @ApiOkResponse({ type: TillRedemptionView, headers: WRITE_ANSWER_HEADERS })
  @ApiConflictResponse(ILLEGAL)
  @ApiEdgeRead('loyalty:redeem', NOT_FOUND, OTHER_STORE)
  async capture(
    @Caller() caller: ProcessCaller,
    @Param() { redemptionId }: TillRedemptionParams,
    @Body() { storeId }: TillRedemptionActionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(reply, await this.redemptions.capture(caller, redemptionId, storeId));
  }

  @Post(':redemptionId/void')
  @HttpCode(200)
  @RequireScopes('loyalty:redeem')
  @StoreScoped('storeId', 'body')
  @ApiOperation({ summary: 'Void: the checkout was cancelled; the held points go back to the member' })
  @ApiIdempotencyKey()
  @ApiBody({ type: TillRedemptionActionDto, examples: ACTION_EXAMPLES })
  @ApiOkResponse({ type: TillRedemptionView, headers: WRITE_ANSWER_HEADERS })
  @ApiConflictResponse(ILLEGAL)
  @ApiEdgeRead('loyalty:redeem', NOT_FOUND, OTHER_STORE)
  async void(
    @Caller() caller: ProcessCaller,
    @Param() { redemptionId }: TillRedemptionParams,
    @Body() { storeId }: TillRedemptionActionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(reply, await this.redemptions.void(caller, redemptionId, storeId));
  }
}
