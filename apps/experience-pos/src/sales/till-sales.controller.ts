import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequireScopes } from '@omnigate/auth';
import { MAX_SALES_PER_BATCH, StoreSalesBatchDto, StoreSalesBatchResultDto } from '@omnigate/contracts';
import { StoreSalesApi, type ProcessCaller } from '@omnigate/process-clients';
import { ApiEdgeRead, Caller, DependsOn, WRITE_ANSWER_HEADERS } from '@omnigate/edge';
import { assertTillMayPost } from '../till-binding';
import { ApiIdempotencyKey } from '@omnigate/server';

/** One sale of the development register (dev-pos-st1-reg01): two units at 12.99, paid by card. */
const SALES_EXAMPLES = {
  oneSale: {
    summary: 'One sale of register R01 at store ST-6930',
    value: {
      sales: [
        {
          storeId: 'ST-6930',
          registerId: 'R01',
          sequence: 1042,
          businessDate: '2026-11-23',
          occurredAt: '2026-11-23T09:30:00.000Z',
          currency: 'USD',
          lines: [{ lineNumber: 1, sku: '27023702', quantity: 2, unitPriceMinor: 1299 }],
          tenders: [{ type: 'CARD', amountMinor: 2598 }],
        },
      ],
    },
  },
};

@ApiTags('sales')
@DependsOn('process-orders')
@Controller('v1/sales')
export class TillSalesController {
  constructor(private readonly sales: StoreSalesApi) {}

  @Post()
  @HttpCode(200)
  @RequireScopes('sales:write')
  @ApiOperation({
    summary: "Send the till's sales: one sale, or the backlog of an offline spell",
    description:
      `Up to ${MAX_SALES_PER_BATCH} sales (within the body size limit). Each sale is answered on its own, in the order sent: accepted, duplicate ` +
      '(sent before, identical: the first saleId), or refused with its problem (sale-key-conflict when another sale holds its store, register and ' +
      'sequence; a request of that one sale alone is answered 409). A POS key posts for its own store only, and a key bound to a register for that register only: a batch naming another store ' +
      'or register is refused whole with 403 (store-not-permitted, register-not-permitted) and changes nothing.',
  })
  @ApiIdempotencyKey(
    'A batch sent again under a new key is safe too: each sale already accepted answers duplicate.',
  )
  @ApiBody({ type: StoreSalesBatchDto, examples: SALES_EXAMPLES })
  @ApiOkResponse({ type: StoreSalesBatchResultDto, headers: WRITE_ANSWER_HEADERS })
  @ApiConflictResponse({
    description:
      'sale-key-conflict (with saleKey): a single sale whose key another sale holds with other content, kept for operators; ' +
      'idempotency-key-in-flight: this batch is still being recorded (application/problem+json)',
    headers: WRITE_ANSWER_HEADERS,
  })
  @ApiEdgeRead(
    'sales:write',
    { slug: 'not-found', title: 'No such route', description: 'Not answered by this route' },
    {
      slug: 'store-not-permitted',
      title: 'These credentials may not act for this store',
      description:
        "A sale of another store than the key's (store-not-permitted), or of another register than the device's (register-not-permitted); also another channel's key or a missing scope (sales:write)",
    },
  )
  async record(
    @Req() request: FastifyRequest,
    @Caller() caller: ProcessCaller,
    @Body() batch: StoreSalesBatchDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    assertTillMayPost(request.principal!, batch.sales);
    const forwarded = await this.sales.record(caller, batch);
    if (forwarded.replayed) void reply.header('idempotent-replayed', 'true');
    return forwarded.data;
  }
}
