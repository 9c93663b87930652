import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { freshnessHeaders } from '@omnigate/cache';
import { Product } from '@omnigate/contracts';
import { InternalCallers } from '@omnigate/auth';
import { SkuParams } from '../inventory/inventory.dto';
import { ProductsService } from './products.service';

@ApiTags('products')
@InternalCallers('experience-storefront', 'experience-pos', 'process-orders')
@Controller('v1/products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get(':sku')
  @ApiOperation({ summary: 'One product of the catalogue' })
  @ApiOkResponse({ type: Product })
  @ApiNotFoundResponse({ description: 'problem+json, type unknown-sku' })
  async getProduct(
    @Param() { sku }: SkuParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Product> {
    const cached = await this.products.getProduct(sku);
    void reply.headers(freshnessHeaders(cached));
    return cached.value;
  }
}
