import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { freshnessHeaderDocs, freshnessHeaders } from '@omnigate/cache';
import { InternalCallers } from '@omnigate/auth';
import { InventoryPositionsResponse } from '@omnigate/contracts';
import { SkuParams, SkusQuery, StoreIdsQuery, StoreParams } from './inventory.dto';
import { InventoryService } from './inventory.service';

const CACHE_HEADERS = freshnessHeaderDocs(
  'the oldest position in the answer was read from the ERP',
  'the ERP is being asked or is failing',
);

@ApiTags('inventory')
@ApiHeader({
  name: 'X-Correlation-Id',
  required: false,
  description:
    'Echoed back and carried to the ERP; a value that is not 1 to 128 of A-Z a-z 0-9 . _ : - is replaced by a new id',
  schema: { type: 'string', maxLength: 128, pattern: '^[A-Za-z0-9._:-]{1,128}$' },
})
@InternalCallers('experience-storefront', 'experience-pos', 'process-orders')
@Controller('v1/inventory')
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @Get('stores/:storeId')
  @ApiOperation({ summary: 'Stock positions of some SKUs in one store' })
  @ApiOkResponse({ type: InventoryPositionsResponse, headers: CACHE_HEADERS })
  async byStore(
    @Param() { storeId }: StoreParams,
    @Query() { skus }: SkusQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InventoryPositionsResponse> {
    const read = await this.inventory.readPositions([storeId], skus);
    void reply.headers(freshnessHeaders(read));
    return read.value;
  }

  @Get('skus/:sku')
  @ApiOperation({ summary: 'Stock positions of one SKU across some stores' })
  @ApiOkResponse({ type: InventoryPositionsResponse, headers: CACHE_HEADERS })
  async bySku(
    @Param() { sku }: SkuParams,
    @Query() { storeIds }: StoreIdsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InventoryPositionsResponse> {
    const read = await this.inventory.readPositions(storeIds, [sku]);
    void reply.headers(freshnessHeaders(read));
    return read.value;
  }
}
