import { Injectable } from '@nestjs/common';
import type { Product } from '../world/retailer-world.model';
import { RetailerWorld } from '../world/retailer-world';
import { ERP_ODATA_ROOT, odataDate } from './odata';
import { odataError } from './odata-error';

/** An A_Product entity as API_PRODUCT_SRV returns it. */
export interface ErpProductEntity {
  __metadata: { uri: string; type: 'API_PRODUCT_SRV.A_ProductType' };
  Product: string;
  ProductDescription: string;
  ProductGroup: string;
  BaseUnit: 'EA';
  ProductStandardID: string;
  LastChangeDateTime: string;
}

const MAX_TOP = 500;
const DEFAULT_TOP = 100;

function pagingOption(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw))
    throw odataError(400, '/IWBEP/CM_MGW_RT/022', `System query option '${name}' is invalid`);
  return Number(raw);
}

/** The ERP's product master (API_PRODUCT_SRV) over the shared catalogue. */
@Injectable()
export class ErpProducts {
  constructor(private readonly world: RetailerWorld) {}

  /** One product by its key segment, e.g. `A_Product('27023702')`. */
  product(keySegment: string, origin: string): { d: ErpProductEntity } {
    const sku = /^A_Product\('((?:[^']|'')*)'\)$/.exec(keySegment)?.[1];
    const product = sku === undefined ? undefined : this.world.product(sku);
    if (!product) {
      throw odataError(
        404,
        '/IWBEP/CM_MGW_RT/020',
        `Resource not found for segment '${sku === undefined ? keySegment : 'A_ProductType'}'`,
      );
    }
    return { d: this.entity(product, origin) };
  }

  /** A page of products in catalogue order; `$top` is capped at 500 as the vendor caps it. */
  page(
    top: string | undefined,
    skip: string | undefined,
    origin: string,
  ): { d: { results: ErpProductEntity[] } } {
    const count = Math.min(MAX_TOP, pagingOption('$top', top, DEFAULT_TOP));
    const offset = pagingOption('$skip', skip, 0);
    const results = this.world.productPage(offset, count).map((p) => this.entity(p, origin));
    return { d: { results } };
  }

  private entity(product: Product, origin: string): ErpProductEntity {
    return {
      __metadata: {
        uri: `${origin}/${ERP_ODATA_ROOT}/API_PRODUCT_SRV/A_Product('${product.sku}')`,
        type: 'API_PRODUCT_SRV.A_ProductType',
      },
      Product: product.sku,
      ProductDescription: product.name,
      ProductGroup: product.group,
      BaseUnit: product.baseUnit,
      ProductStandardID: product.gtin,
      LastChangeDateTime: odataDate(product.lastChangedAt),
    };
  }
}
