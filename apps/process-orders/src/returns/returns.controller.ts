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
import { InternalCallers } from '@omnigate/auth';
import { Idempotent } from '@omnigate/idempotency';
import { CreateReturnDto, ReturnStoreActionDto, ReturnView } from '@omnigate/contracts';
import { Ctx, type RequestContext } from '@omnigate/workflow';
import { CreateReturn } from './create-return.usecase';
import { EndRequestedReturn } from './end-requested-return.usecase';
import { ReceiveReturn } from './receive-return.usecase';
import { ReturnViews } from './return.view';
import { ReturnParams } from './returns.dto';
import { ReturnStoreGuard } from './return-store.guard';
import { STORE_RETURNS, type StoreReturns } from './store-return.workflow';
import { ApiIdempotencyKey } from '@omnigate/server';

const REFUSED =
  'Each refusal its own type: return-receipt-reference-invalid, unknown-purchase-receipt, unknown-receipt-line, return-window-closed, ' +
  'return-quantity-exceeded (with lineNumber and returnable), item-not-returnable (with skus), return-at-original-store-only, idempotency-key-reused';
const OTHER_STORE = { description: 'return-of-another-store: the return was taken at another store' };
const TRANSITION = {
  description: 'illegal-return-transition: the return is not REQUESTED (received, refunded or ended already)',
};

@ApiTags('returns')
@InternalCallers('experience-pos')
@Controller('v1/returns')
export class ReturnsController {
  constructor(
    private readonly createReturn: CreateReturn,
    private readonly receiveReturn: ReceiveReturn,
    private readonly endRequestedReturn: EndRequestedReturn,
    @Inject(STORE_RETURNS) private readonly returns: StoreReturns,
    private readonly views: ReturnViews,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary:
      'Take a return at a store: eligibility, the refund per line and tender, and (at the counter) the goods received and refunded',
    description:
      'The refund is computed from the receipt. A COUNTER return answers REFUNDED; its stock movements, points and ERP credit memo follow, each in the timeline. An RMA answers REQUESTED.',
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: ReturnView })
  @ApiConflictResponse({
    description:
      "idempotency-key-in-flight, or purchase-still-settling (the purchase's points are booked moments after it; Retry-After)",
  })
  @ApiUnprocessableEntityResponse({ description: REFUSED })
  create(@Ctx() ctx: RequestContext, @Body() command: CreateReturnDto): Promise<ReturnView> {
    return this.createReturn.execute(ctx, command);
  }

  @Get(':returnId')
  @InternalCallers('experience-pos', 'experience-storefront')
  @ApiOperation({
    summary:
      'A return: its state, refund per line and tender, timeline with backend ids, and ERP credit memo',
  })
  @ApiOkResponse({ type: ReturnView })
  @ApiNotFoundResponse({ description: 'return-not-found' })
  async get(@Param() { returnId }: ReturnParams): Promise<ReturnView> {
    return this.views.of(await this.returns.get(returnId));
  }

  @Post(':returnId/receive')
  @HttpCode(200)
  @UseGuards(ReturnStoreGuard)
  @Idempotent()
  @ApiOperation({ summary: 'An authorised return (RMA) arrives at its store: received and refunded' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: ReturnView })
  @ApiNotFoundResponse({ description: 'return-not-found' })
  @ApiConflictResponse(TRANSITION)
  @ApiForbiddenResponse(OTHER_STORE)
  receive(
    @Ctx() ctx: RequestContext,
    @Param() { returnId }: ReturnParams,
    @Body() { storeId }: ReturnStoreActionDto,
  ): Promise<ReturnView> {
    return this.receiveReturn.execute(ctx, { returnId, storeId });
  }

  @Post(':returnId/cancel')
  @HttpCode(200)
  @UseGuards(ReturnStoreGuard)
  @Idempotent()
  @ApiOperation({
    summary: 'Cancel an authorised return that will not come; its units may be returned again',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: ReturnView })
  @ApiNotFoundResponse({ description: 'return-not-found' })
  @ApiConflictResponse(TRANSITION)
  @ApiForbiddenResponse(OTHER_STORE)
  cancel(
    @Ctx() ctx: RequestContext,
    @Param() { returnId }: ReturnParams,
    @Body() { storeId }: ReturnStoreActionDto,
  ): Promise<ReturnView> {
    return this.endRequestedReturn.execute(ctx, { returnId, storeId, move: 'cancel' });
  }

  @Post(':returnId/reject')
  @HttpCode(200)
  @UseGuards(ReturnStoreGuard)
  @Idempotent()
  @ApiOperation({
    summary:
      'Refuse an authorised return when it arrives (not as authorised); its units may be returned again',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: ReturnView })
  @ApiNotFoundResponse({ description: 'return-not-found' })
  @ApiConflictResponse(TRANSITION)
  @ApiForbiddenResponse(OTHER_STORE)
  reject(
    @Ctx() ctx: RequestContext,
    @Param() { returnId }: ReturnParams,
    @Body() { storeId }: ReturnStoreActionDto,
  ): Promise<ReturnView> {
    return this.endRequestedReturn.execute(ctx, { returnId, storeId, move: 'reject' });
  }
}
