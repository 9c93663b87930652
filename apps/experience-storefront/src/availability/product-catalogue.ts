import { Inject, Injectable } from '@nestjs/common';
import { CacheKeyspace } from '@omnigate/cache';
import { ErpApi, SystemRefusal } from '@omnigate/system-clients';
import { EdgeCache } from '@omnigate/edge';
import { UnknownSku } from './availability.errors';

const EDGE_PRODUCT_KEYS = new CacheKeyspace('edge-product', ['sku']);

/** Whether a SKU exists, from the ERP's catalogue; kept at the edge, unknown SKUs included. */
@Injectable()
export class ProductCatalogue {
  constructor(
    private readonly erp: ErpApi,
    @Inject(EdgeCache) private readonly edge: EdgeCache,
  ) {}

  /** Throws {@link UnknownSku} when the catalogue has no such SKU. */
  async assertKnown(sku: string): Promise<void> {
    const exists = await this.edge.read(EDGE_PRODUCT_KEYS.key({ sku }), this.edge.directory, async () => {
      try {
        const read = await this.erp.product(sku);
        return { value: true, state: read.state, ageS: read.ageS };
      } catch (error) {
        if (error instanceof SystemRefusal && error.kind === 'not-found')
          return { value: false, state: 'miss', ageS: 0 };
        throw error;
      }
    });
    if (!exists.value) throw new UnknownSku(sku);
  }
}
