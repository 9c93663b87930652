import { hashedPartOf } from '@omnigate/redis';
import { CacheKeyspace, namespaceOf } from './cache-keyspace';

describe('CacheKeyspace', () => {
  const stock = new CacheKeyspace('stock', ['storeId', 'sku']);

  it('builds keys of its namespace and takes them apart by name, not position', () => {
    const key = stock.key({ storeId: 'ST-4821', sku: '40213377' });
    expect(key).toBe('stock:ST-4821:40213377');
    expect(stock.parse(key)).toEqual({ storeId: 'ST-4821', sku: '40213377' });
    expect(namespaceOf(key)).toBe('stock');
  });

  it('refuses a part holding the separator, which would shift every part after it', () => {
    expect(() => stock.key({ storeId: 'ST:4821', sku: '40213377' })).toThrow(/may not contain/);
  });

  it("refuses to parse another namespace's key or one with the wrong number of parts", () => {
    expect(() => stock.parse('price:ST-4821:40213377')).toThrow(/not a stock cache key/);
    expect(() => stock.parse('stock:ST-4821')).toThrow(/not a stock cache key/);
  });

  describe('placed on a Redis Cluster by one part', () => {
    const byStore = new CacheKeyspace('stock', ['storeId', 'sku'], { slotBy: 'storeId' });

    it("writes that part as the key's hash tag, so a store's keys share one slot, and still takes the key apart", () => {
      const key = byStore.key({ storeId: 'ST-4821', sku: '40213377' });
      expect(key).toBe('stock:{ST-4821}:40213377');
      expect(hashedPartOf(`omnigate:cache:${key}`)).toBe(
        hashedPartOf(`omnigate:cache:lock:${byStore.key({ storeId: 'ST-4821', sku: '1' })}`),
      );
      expect(byStore.parse(key)).toEqual({ storeId: 'ST-4821', sku: '40213377' });
      expect(namespaceOf(key)).toBe('stock');
    });

    it('refuses a part holding a brace, which would move the slot of its key', () => {
      expect(() => byStore.key({ storeId: 'ST-4821', sku: '4021}3377' })).toThrow(/brace/);
      expect(() => stock.key({ storeId: '{ST-4821}', sku: '40213377' })).toThrow(/brace/);
    });
  });
});
