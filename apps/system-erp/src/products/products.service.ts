import { Inject, Injectable } from '@nestjs/common';
import { CacheKeyspace, ReadThroughCache, type Cached, type CachePolicy } from '@omnigate/cache';
import type { Product } from '@omnigate/contracts';
import { ErpClient } from '../erp/erp.client';
import { type ODataEntity, odataLiteral } from '../erp/erp-odata';
import { SystemErpConfig } from '../system-erp.config';
import { type ErpProduct, toProduct } from './erp-product.mapper';
import { UnknownSku } from './products.errors';

const PRODUCT_KEYS = new CacheKeyspace('product', ['sku']);

/** Product master data from the ERP; changes rarely, so it is cached long. */
@Injectable()
export class ProductsService {
  private readonly policy: CachePolicy;

  constructor(
    private readonly erp: ErpClient,
    private readonly cache: ReadThroughCache,
    @Inject(SystemErpConfig) config: SystemErpConfig,
  ) {
    const freshMs = config.PRODUCT_TTL_S * 1000;
    this.policy = { freshMs, staleWhileRevalidateMs: freshMs, staleIfErrorMs: 7 * 86_400_000 };
  }

  /** The product with this SKU, or {@link UnknownSku}. */
  async getProduct(sku: string): Promise<Cached<Product>> {
    const cached = await this.cache.read<Product>(PRODUCT_KEYS.key({ sku }), this.policy, async () => {
      const response = await this.erp.get<ODataEntity<ErpProduct>>(
        'read product',
        `/API_PRODUCT_SRV/A_Product(${encodeURIComponent(odataLiteral(sku))})`,
        undefined,
        [404],
      );
      return response.status === 404 ? null : toProduct(response.data.d);
    });
    if (!cached.value) throw new UnknownSku(sku);
    return cached as Cached<Product>;
  }
}
