import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { freshnessHeaders } from '@omnigate/cache';
import { Store } from '@omnigate/contracts';
import { ApiBackendProblemAnswers } from '@omnigate/http-client';
import { InternalCallers } from '@omnigate/auth';
import { CACHE_ANSWER_HEADERS } from '../cache-answer-headers';
import { StoresResponse } from '@omnigate/contracts';
import { StoreParams } from './stores.dto';
import { StoresService } from './stores.service';

@ApiTags('stores')
@ApiBackendProblemAnswers('the POS back office')
@InternalCallers('experience-storefront', 'experience-pos', 'process-orders')
@Controller('v1/stores')
export class StoresController {
  constructor(private readonly stores: StoresService) {}

  @Get()
  @ApiOperation({ summary: 'Every store of the network, with its registers and price list' })
  @ApiOkResponse({ type: StoresResponse, headers: CACHE_ANSWER_HEADERS })
  async listStores(@Res({ passthrough: true }) reply: FastifyReply): Promise<StoresResponse> {
    const cached = await this.stores.listStores();
    void reply.headers(freshnessHeaders(cached));
    return { stores: cached.value };
  }

  @Get(':storeId')
  @ApiOperation({ summary: 'One store' })
  @ApiOkResponse({ type: Store, headers: CACHE_ANSWER_HEADERS })
  @ApiNotFoundResponse({ description: 'problem+json, type unknown-store' })
  async getStore(
    @Param() { storeId }: StoreParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Store> {
    const cached = await this.stores.getStore(storeId);
    void reply.headers(freshnessHeaders(cached));
    return cached.value;
  }
}
