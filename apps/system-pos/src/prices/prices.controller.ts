import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { freshnessHeaders } from '@omnigate/cache';
import { InternalCallers } from '@omnigate/auth';
import { CACHE_ANSWER_HEADERS } from '../cache-answer-headers';
import { ApiBackendProblemAnswers } from '@omnigate/http-client';
import { StoreParams } from '../stores/stores.dto';
import { StorePricesResponse } from '@omnigate/contracts';
import { PriceSkusQuery } from './prices.dto';
import { PricesService } from './prices.service';

@ApiTags('prices')
@ApiBackendProblemAnswers('the POS back office')
@InternalCallers('experience-storefront', 'experience-pos', 'process-orders')
@Controller('v1/stores')
export class PricesController {
  constructor(private readonly prices: PricesService) {}

  @Get(':storeId/prices')
  @ApiOperation({
    summary: 'Shelf prices of some SKUs at one store, with the promotions running on them today',
    description:
      'Money is in integer minor units. SKUs the store does not sell are listed in unknownSkus, not refused.',
  })
  @ApiOkResponse({ type: StorePricesResponse, headers: CACHE_ANSWER_HEADERS })
  @ApiNotFoundResponse({ description: 'problem+json, type unknown-store' })
  async readStorePrices(
    @Param() { storeId }: StoreParams,
    @Query() { skus }: PriceSkusQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StorePricesResponse> {
    const read = await this.prices.readStorePrices(storeId, skus);
    void reply.headers(freshnessHeaders(read));
    return read.value;
  }
}
