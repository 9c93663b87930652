import { Body, Controller, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ApiOnBehalfOf, InternalCallers } from '@omnigate/auth';
import { Idempotent } from '@omnigate/idempotency';
import {
  AuthorizeTillRedemptionDto,
  TillRedemptionActionDto,
  TillRedemptionParams,
  TillRedemptionView,
} from '@omnigate/contracts';
import { Ctx, type RequestContext } from '@omnigate/workflow';
import { AuthorizeTillRedemption } from './authorize-till-redemption.usecase';
import { CaptureTillRedemption } from './capture-till-redemption.usecase';
import { TillRedemptionViews } from './till-redemption.view';
import { TILL_REDEMPTIONS, type TillRedemptions } from './till-redemption.workflow';
import { TillRedemptionStoreGuard } from './till-redemption-store.guard';
import { VoidTillRedemption } from './void-till-redemption.usecase';
import { ApiIdempotencyKey } from '@omnigate/server';

const OTHER_STORE = {
  description:
    'till-redemption-of-another-store: the redemption was authorized at another store; nothing changed',
};
const NOT_FOUND = { description: 'till-redemption-not-found' };
const ILLEGAL = {
  description:
    'illegal-till-redemption-transition, with currentState and requestedState: captured or voided already, or expired',
};

@ApiTags('till-redemptions')
@InternalCallers('experience-pos')
@ApiOnBehalfOf('The POS client app the call is made for')
@Controller('v1/loyalty/redemptions')
export class TillRedemptionsController {
  constructor(
    private readonly authorizeTillRedemption: AuthorizeTillRedemption,
    private readonly captureTillRedemption: CaptureTillRedemption,
    private readonly voidTillRedemption: VoidTillRedemption,
    @Inject(TILL_REDEMPTIONS) private readonly redemptions: TillRedemptions,
    private readonly views: TillRedemptionViews,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: "Authorize: hold a member's points at the till until captured, voided or expired",
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: TillRedemptionView })
  @ApiConflictResponse({ description: 'idempotency-key-in-flight' })
  @ApiNotFoundResponse({ description: 'unknown-store, unknown-member' })
  @ApiUnprocessableEntityResponse({
    description: 'insufficient-points, member-suspended, unknown-register, idempotency-key-reused',
  })
  authorize(
    @Ctx() ctx: RequestContext,
    @Body() command: AuthorizeTillRedemptionDto,
  ): Promise<TillRedemptionView> {
    return this.authorizeTillRedemption.execute(ctx, command);
  }

  @Get(':redemptionId')
  @InternalCallers('experience-pos', 'operator')
  @ApiOperation({ summary: 'A till redemption: its state, timeline and ERP postings' })
  @ApiOkResponse({ type: TillRedemptionView })
  @ApiNotFoundResponse(NOT_FOUND)
  async get(@Param() { redemptionId }: TillRedemptionParams): Promise<TillRedemptionView> {
    return this.views.of(await this.redemptions.get(redemptionId));
  }

  @Post(':redemptionId/capture')
  @HttpCode(200)
  @UseGuards(TillRedemptionStoreGuard)
  @Idempotent()
  @ApiOperation({
    summary: 'Capture: the sale completed; the held points are spent and their liability posted to the ERP',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: TillRedemptionView })
  @ApiConflictResponse(ILLEGAL)
  @ApiForbiddenResponse(OTHER_STORE)
  @ApiNotFoundResponse(NOT_FOUND)
  capture(
    @Ctx() ctx: RequestContext,
    @Param() { redemptionId }: TillRedemptionParams,
    @Body() { storeId }: TillRedemptionActionDto,
  ): Promise<TillRedemptionView> {
    return this.captureTillRedemption.execute(ctx, { redemptionId, storeId });
  }

  @Post(':redemptionId/void')
  @HttpCode(200)
  @UseGuards(TillRedemptionStoreGuard)
  @Idempotent()
  @ApiOperation({ summary: 'Void: the checkout was cancelled; the held points go back to the member' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: TillRedemptionView })
  @ApiConflictResponse(ILLEGAL)
  @ApiForbiddenResponse(OTHER_STORE)
  @ApiNotFoundResponse(NOT_FOUND)
  void(
    @Ctx() ctx: RequestContext,
    @Param() { redemptionId }: TillRedemptionParams,
    @Body() { storeId }: TillRedemptionActionDto,
  ): Promise<TillRedemptionView> {
    return this.voidTillRedemption.execute(ctx, { redemptionId, storeId });
  }
}
