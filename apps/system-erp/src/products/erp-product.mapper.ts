import type { Product } from '@omnigate/contracts';

/** The ERP's A_Product entity, as far as we read it. */
export interface ErpProduct {
  Product: string;
  ProductDescription: string;
  ProductGroup: string;
  BaseUnit: string;
  ProductStandardID: string;
}

/** Turns the ERP's product into the canonical one. */
export function toProduct(row: ErpProduct): Product {
  return {
    sku: row.Product,
    name: row.ProductDescription,
    group: row.ProductGroup,
    gtin: row.ProductStandardID,
    baseUnit: row.BaseUnit,
  };
}
