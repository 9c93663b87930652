import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireScopes, StoreScoped } from '@omnigate/auth';
import { freshnessHeaders } from '@omnigate/cache';
import { StoreParams } from '../availability/availability.dto';
import { ApiEdgeRead, DependsOn, READ_ANSWER_HEADERS } from '@omnigate/edge';
import { PriceSkusQuery, StorePricesResponse } from './prices.dto';
import { TillPricesService } from './till-prices.service';

@ApiTags('prices')
@DependsOn('system-pos')
@Controller('v1/stores')
export class PricesController {
  constructor(private readonly prices: TillPricesService) {}

  @Get(':storeId/prices')
  @RequireScopes('prices:read')
  @StoreScoped('storeId')
  @ApiOperation({
    summary: "Shelf prices of some SKUs at the device's store, with the promotions running on each today",
    description:
      'Money is in integer minor units. A device reads only its own store (403 store-not-permitted otherwise). Answered from a cache of about a second; Age and X-Cache tell how old.',
  })
  @ApiOkResponse({ type: StorePricesResponse, headers: READ_ANSWER_HEADERS })
  @ApiEdgeRead('prices:read', {
    slug: 'unknown-store',
    title: 'No store has this id',
    description: 'The store does not exist (type unknown-store)',
  })
  async readStorePrices(
    @Param() { storeId }: StoreParams,
    @Query() { skus }: PriceSkusQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const read = await this.prices.readStorePrices(storeId, skus);
    void reply.headers(freshnessHeaders(read));
    return read.value;
  }
}
