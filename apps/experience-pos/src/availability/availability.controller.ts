import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireScopes, StoreScoped } from '@omnigate/auth';
import { freshnessHeaders } from '@omnigate/cache';
import { ApiEdgeRead, DependsOn, READ_ANSWER_HEADERS } from '@omnigate/edge';
import { SkusQuery, StoreAvailabilityResponse, StoreParams } from './availability.dto';
import { AvailabilityService } from './availability.service';

@ApiTags('availability')
@DependsOn('system-erp', 'system-pos')
@Controller('v1/stores')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get(':storeId/availability')
  @RequireScopes('availability:read')
  @StoreScoped('storeId')
  @ApiOperation({
    summary: "What the device's store has in stock: some SKUs",
    description:
      'A device reads only its own store (403 store-not-permitted otherwise). Answered from a cache of about a second; Age and X-Cache tell how old.',
  })
  @ApiOkResponse({ type: StoreAvailabilityResponse, headers: READ_ANSWER_HEADERS })
  @ApiEdgeRead('availability:read', {
    slug: 'unknown-store',
    title: 'No store has this id',
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
