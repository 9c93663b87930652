import { CacheKeyspace, namespaceOf } from './cache-keyspace';

describe('CacheKeyspace', () => {
  const stock = new CacheKeyspace('stock', ['storeId', 'sku']);

  it('builds keys of its namespace and takes them apart by name, not position', () => {
    const key = stock.key({ storeId: 'ST-4821', sku: '40213377' });
    expect(key).toBe('stock:ST-4821:40213377');
    expect(stock.parse(key)).toEqual({ storeId: 'ST-4821', sku: '40213377' });
    expect(namespaceOf(key)).toBe('stock');
  });

  it("refuses a part holding the separator, which would shift every part after it", () => {
    expect(() => stock.key({ storeId: 'ST:4821', sku: '40213377' })).toThrow(/may not contain/);
  });

  it("refuses to parse another namespace's key or one with the wrong number of parts", () => {
    expect(() => stock.parse('price:ST-4821:40213377')).toThrow(/not a stock cache key/);
    expect(() => stock.parse('stock:ST-4821')).toThrow(/not a stock cache key/);
  });
});
