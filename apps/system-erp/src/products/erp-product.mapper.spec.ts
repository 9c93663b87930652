import { toProduct } from './erp-product.mapper';

describe('ERP product mapping', () => {
  it("turns the ERP's A_Product into the canonical product, and nothing of the vendor's names passes", () => {
    const product = toProduct({
      Product: '40213377',
      ProductDescription: 'Trail runner, size 42',
      ProductGroup: 'FOOTWEAR',
      BaseUnit: 'PC',
      ProductStandardID: '4006381333931',
    });
    expect(product).toEqual({
      sku: '40213377',
      name: 'Trail runner, size 42',
      group: 'FOOTWEAR',
      gtin: '4006381333931',
      baseUnit: 'PC',
    });
  });
});
