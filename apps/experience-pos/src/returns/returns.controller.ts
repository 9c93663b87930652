import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IsString, Matches } from 'class-validator';
import { RequireScopes, StoreScoped } from '@omnigate/auth';
import { CreateReturnDto, RETURN_ID_PATTERN, ReturnStoreActionDto, ReturnView } from '@omnigate/contracts';
import { type ProcessCaller, type RequestedReturnMove, ReturnsApi } from '@omnigate/process-clients';
import { ApiEdgeRead, Caller, DependsOn, WRITE_ANSWER_HEADERS } from '@omnigate/edge';
import { registerActingFor } from '../till-binding';
import { ReturnNotFound } from './returns.errors';
import { ApiIdempotencyKey } from '@omnigate/server';

export class ReturnParams {
  @ApiProperty({ example: 'ret_8Qm3xT0aLk2VbN7c', maxLength: 44, pattern: RETURN_ID_PATTERN.source })
  @IsString()
  @Matches(RETURN_ID_PATTERN)
  returnId!: string;
}

/** A receipt is named by saleKey or by orderId, never both: one example of each, both of the development register's store. */
const RETURN_EXAMPLES = {
  storeSale: {
    summary: 'A store sale returned at the counter (the sale of the POST /v1/sales example)',
    value: {
      storeId: 'ST-6930',
      registerId: 'R01',
      saleKey: 'ST-6930:R01:1042',
      lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
    },
  },
  rma: {
    summary:
      'A return authorised in advance (RMA) of the same sale: it waits in REQUESTED until the store receives, rejects or cancels it',
    value: {
      storeId: 'ST-6930',
      registerId: 'R01',
      saleKey: 'ST-6930:R01:1042',
      mode: 'RMA',
      lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
    },
  },
  pickupOrder: {
    summary:
      'A collected pickup order returned at the counter (use the orderId of an order placed and collected at ST-6930)',
    value: {
      storeId: 'ST-6930',
      registerId: 'R01',
      orderId: 'po_8Qm3xT0aLk2VbN7c',
      lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
    },
  },
};

const NOT_FOUND = {
  slug: 'return-not-found',
  title: 'No return has this id',
  description: 'No return has this id, or it was taken at another store (type return-not-found)',
};
const OTHER_STORE = {
  slug: 'return-of-another-store',
  title: 'This return belongs to another store',
  description:
    "A device acts for its own store only: a storeId other than the key's store is store-not-permitted, a return authorised for another store is return-of-another-store; nothing changes",
};
const NOT_REQUESTED = {
  description:
    'illegal-return-transition, with currentState: the return is not REQUESTED (received, refunded, rejected or cancelled already; application/problem+json)',
  headers: WRITE_ANSWER_HEADERS,
};
/** The device's store, which must be the one the return was authorised for (use the returnId an RMA answered). */
const STORE_ACTION_EXAMPLES = { till: { summary: 'A till of store ST-6930', value: { storeId: 'ST-6930' } } };

const REFUSED =
  'Refused, nothing taken (application/problem+json), each with its type: unknown-purchase-receipt, unknown-receipt-line, return-receipt-reference-invalid, ' +
  'return-window-closed (returnableUntil), return-quantity-exceeded (lineNumber, returnable), item-not-returnable (skus), return-at-original-store-only (storeId)';

@ApiTags('returns')
@DependsOn('process-orders')
@Controller('v1/returns')
export class ReturnsController {
  constructor(private readonly returns: ReturnsApi) {}

  @Post()
  @RequireScopes('returns:write')
  @StoreScoped('storeId', 'body')
  @ApiOperation({
    summary: 'Take a return at the counter: the refund per line and per tender, computed from the receipt',
    description:
      'Name the receipt by saleKey (a store sale) or orderId (a collected pickup order). A COUNTER return answers REFUNDED at once: pay back the money tenders shown; points go back to the member by themselves. ' +
      "Restocked units return to available stock, the ERP credit memo is posted; each appears in the timeline. A device takes returns at its own store only (403 store-not-permitted), and a register's key for that register only (403 register-not-permitted; naming none, it takes the return at its own); nothing changes.",
  })
  @ApiIdempotencyKey('A repeat takes no second return.')
  @ApiBody({ type: CreateReturnDto, examples: RETURN_EXAMPLES })
  @ApiCreatedResponse({ type: ReturnView, headers: WRITE_ANSWER_HEADERS })
  @ApiUnprocessableEntityResponse({ description: REFUSED, headers: WRITE_ANSWER_HEADERS })
  @ApiEdgeRead('returns:write', NOT_FOUND)
  async create(
    @Caller() caller: ProcessCaller,
    @Body() request: CreateReturnDto,
    @Req() { principal }: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReturnView> {
    // The refund is paid from a register's drawer: a register's key takes returns at its own.
    const registerId = registerActingFor(principal!, request.registerId);
    const forwarded = await this.returns.create(
      caller,
      registerId === request.registerId ? request : { ...request, registerId },
    );
    void reply.status(forwarded.status);
    if (forwarded.replayed) void reply.header('idempotent-replayed', 'true');
    return forwarded.data;
  }

  @Get(':returnId')
  @RequireScopes('returns:read')
  @ApiOperation({
    summary: "A return taken at the device's store: its state, refund, timeline and ERP credit memo",
  })
  @ApiOkResponse({ type: ReturnView, headers: WRITE_ANSWER_HEADERS })
  @ApiEdgeRead('returns:read', NOT_FOUND)
  async get(
    @Caller() caller: ProcessCaller,
    @Param() { returnId }: ReturnParams,
    @Req() request: FastifyRequest,
  ): Promise<ReturnView> {
    const { data } = await this.returns.get(caller, returnId);
    // Another store's return is answered as unknown: its existence is not this device's business.
    const storeId = request.principal!.storeId;
    if (storeId !== undefined && data.storeId !== storeId) throw new ReturnNotFound();
    return data;
  }

  @Post(':returnId/receive')
  @HttpCode(200)
  @RequireScopes('returns:write')
  @StoreScoped('storeId', 'body')
  @ApiOperation({
    summary: 'Receive an authorised return (RMA) at its store: the goods are in hand, the refund is paid',
    description:
      'The return moves REQUESTED -> RECEIVED -> REFUNDED: pay back the money tenders shown; stock, points and the ERP credit memo follow, each in the timeline.',
  })
  @ApiIdempotencyKey('A repeat refunds nothing twice.')
  @ApiBody({ type: ReturnStoreActionDto, examples: STORE_ACTION_EXAMPLES })
  @ApiOkResponse({ type: ReturnView, headers: WRITE_ANSWER_HEADERS })
  @ApiConflictResponse(NOT_REQUESTED)
  @ApiEdgeRead('returns:write', NOT_FOUND, OTHER_STORE)
  receive(
    @Caller() caller: ProcessCaller,
    @Param() { returnId }: ReturnParams,
    @Body() { storeId }: ReturnStoreActionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReturnView> {
    return this.act(reply, caller, returnId, 'receive', storeId);
  }

  @Post(':returnId/reject')
  @HttpCode(200)
  @RequireScopes('returns:write')
  @StoreScoped('storeId', 'body')
  @ApiOperation({
    summary: 'Reject an authorised return (RMA) on arrival: not as authorised, nothing refunded',
    description: 'The return ends REJECTED; its units may be returned again.',
  })
  @ApiIdempotencyKey()
  @ApiBody({ type: ReturnStoreActionDto, examples: STORE_ACTION_EXAMPLES })
  @ApiOkResponse({ type: ReturnView, headers: WRITE_ANSWER_HEADERS })
  @ApiConflictResponse(NOT_REQUESTED)
  @ApiEdgeRead('returns:write', NOT_FOUND, OTHER_STORE)
  reject(
    @Caller() caller: ProcessCaller,
    @Param() { returnId }: ReturnParams,
    @Body() { storeId }: ReturnStoreActionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReturnView> {
    return this.act(reply, caller, returnId, 'reject', storeId);
  }

  @Post(':returnId/cancel')
  @HttpCode(200)
  @RequireScopes('returns:write')
  @StoreScoped('storeId', 'body')
  @ApiOperation({
    summary: 'Cancel an authorised return (RMA) that will not come',
    description: 'The return ends CANCELLED; its units may be returned again.',
  })
  @ApiIdempotencyKey()
  @ApiBody({ type: ReturnStoreActionDto, examples: STORE_ACTION_EXAMPLES })
  @ApiOkResponse({ type: ReturnView, headers: WRITE_ANSWER_HEADERS })
  @ApiConflictResponse(NOT_REQUESTED)
  @ApiEdgeRead('returns:write', NOT_FOUND, OTHER_STORE)
  cancel(
    @Caller() caller: ProcessCaller,
    @Param() { returnId }: ReturnParams,
    @Body() { storeId }: ReturnStoreActionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReturnView> {
    return this.act(reply, caller, returnId, 'cancel', storeId);
  }

  private async act(
    reply: FastifyReply,
    caller: ProcessCaller,
    returnId: string,
    move: RequestedReturnMove,
    storeId: string,
  ): Promise<ReturnView> {
    const forwarded = await this.returns.act(caller, returnId, move, storeId);
    if (forwarded.replayed) void reply.header('idempotent-replayed', 'true');
    return forwarded.data;
  }
}
