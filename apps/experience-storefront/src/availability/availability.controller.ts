import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireScopes } from '@omnigate/auth';
import { freshnessHeaders } from '@omnigate/cache';
import { ApiEdgeRead, DependsOn, READ_ANSWER_HEADERS } from '@omnigate/edge';
import {
  ProductAvailabilityResponse,
  SkuParams,
  SkusQuery,
  StoreAvailabilityResponse,
  StoreIdsQuery,
  StoreParams,
} from './availability.dto';
import { AvailabilityService } from './availability.service';

const UNKNOWN_STORE_OR_SKU = {
  slug: 'unknown-store',
  title: 'No store has this id',
  description: 'A store id (type unknown-store) or the SKU (type unknown-sku) does not exist',
};

@ApiTags('availability')
@RequireScopes('availability:read')
@DependsOn('system-erp', 'system-pos')
@Controller('v1')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get('products/:sku/availability')
  @ApiOperation({
    summary: 'Where a product is in stock: one SKU across some stores',
    description:
      'A coarse status per store (IN_STOCK, LOW_STOCK, OUT_OF_STOCK) with the units available. Answered from a cache of about a second; Age and X-Cache tell how old.',
  })
  @ApiOkResponse({ type: ProductAvailabilityResponse, headers: READ_ANSWER_HEADERS })
  @ApiEdgeRead('availability:read', UNKNOWN_STORE_OR_SKU)
  async readProductAvailability(
    @Param() { sku }: SkuParams,
    @Query() { storeIds }: StoreIdsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const read = await this.availability.readProductAvailability(sku, storeIds);
    void reply.headers(freshnessHeaders(read));
    return read.value;
  }

  @Get('stores/:storeId/availability')
  @ApiOperation({
    summary: 'What a store has in stock: some SKUs in one store',
    description:
      'A SKU the store does not sell is answered with carried false, not refused. Answered from a cache of about a second; Age and X-Cache tell how old.',
  })
  @ApiOkResponse({ type: StoreAvailabilityResponse, headers: READ_ANSWER_HEADERS })
  @ApiEdgeRead('availability:read', {
    ...UNKNOWN_STORE_OR_SKU,
    description: 'The store does not exist (type unknown-store)',
  })
  async readStoreAvailability(
    @Param() { storeId }: StoreParams,
    @Query() { skus }: SkusQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const read = await this.availability.readStoreAvailability(storeId, skus);
    void reply.headers(freshnessHeaders(read));
    return read.value;
  }
}
