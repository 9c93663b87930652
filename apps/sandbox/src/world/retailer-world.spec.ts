import { seedRetailerWorld } from './retailer-world.seed';

describe('the seeded retailer world', () => {
  const now = Date.UTC(2025, 5, 1, 12);

  it('is the same on every build', () => {
    const first = seedRetailerWorld(now);
    const second = seedRetailerWorld(now);
    expect([...second.products.values()]).toEqual([...first.products.values()]);
    expect([...second.stores.values()]).toEqual([...first.stores.values()]);
    expect([...second.members.values()]).toEqual([...first.members.values()]);
    expect(second.promotions).toEqual(first.promotions);
    expect(second.stock).toEqual(first.stock);
  });

  it('has 2,000 products with unique 8-digit item numbers and valid GTIN-13s', () => {
    const { products } = seedRetailerWorld(now);
    expect(products.size).toBe(2000);
    for (const product of products.values()) {
      expect(product.sku).toMatch(/^\d{8}$/);
      const digits = [...product.gtin].map(Number);
      const sum = digits.slice(0, 12).reduce((total, d, i) => total + d * (i % 2 === 0 ? 1 : 3), 0);
      expect((10 - (sum % 10)) % 10).toBe(digits[12]);
    }
    expect(new Set([...products.values()].map((p) => p.gtin)).size).toBe(2000);
  });

  it('has 25 stores with unique codes, 3 to 6 registers and one of four regional price lists', () => {
    const { stores, priceLists } = seedRetailerWorld(now);
    expect(stores.size).toBe(25);
    for (const store of stores.values()) {
      expect(store.storeId).toMatch(/^ST-\d{4}$/);
      expect(store.registers.length).toBeGreaterThanOrEqual(3);
      expect(store.registers.length).toBeLessThanOrEqual(6);
      expect(priceLists.has(store.priceListId)).toBe(true);
    }
    expect(priceLists.size).toBe(4);
  });

  it('stocks about 70% of the catalogue per store, some lines at zero', () => {
    const { stock } = seedRetailerWorld(now);
    for (const levels of stock.values()) {
      expect(levels.size / 2000).toBeGreaterThan(0.65);
      expect(levels.size / 2000).toBeLessThan(0.75);
      const values = [...levels.values()];
      expect(values.some((l) => l.onHand === 0)).toBe(true);
      expect(values.every((l) => l.onHand <= 60)).toBe(true);
    }
  });

  it('holds some stock reserved for other channels in every store, never more than is on hand', () => {
    const { stock } = seedRetailerWorld(now);
    for (const levels of stock.values()) {
      const values = [...levels.values()];
      const held = values.filter((l) => l.reserved > 0);
      expect(held.length / values.length).toBeGreaterThan(0.05);
      expect(held.length / values.length).toBeLessThan(0.15);
      expect(held.some((l) => l.reserved < l.onHand)).toBe(true);
      expect(values.every((l) => l.reserved >= 0 && l.reserved <= l.onHand)).toBe(true);
    }
  });

  it('has 500 members with unique 13-digit card numbers, a few suspended', () => {
    const { members } = seedRetailerWorld(now);
    expect(members.size).toBe(500);
    const all = [...members.values()];
    expect(all.every((m) => /^\d{13}$/.test(m.memberNumber) && m.availablePoints <= 20_000)).toBe(true);
    const suspended = all.filter((m) => m.status === 'SUSPENDED').length;
    expect(suspended).toBeGreaterThanOrEqual(3);
    expect(suspended).toBeLessThan(15);
  });

  it('has promotions running now, ended and not yet started', () => {
    const { promotions } = seedRetailerWorld(now);
    const today = new Date(now).toISOString().slice(0, 10);
    expect(promotions).toHaveLength(15);
    expect(promotions.filter((p) => p.startsOn <= today && today <= p.endsOn)).toHaveLength(8);
    expect(promotions.filter((p) => p.endsOn < today)).toHaveLength(4);
    expect(promotions.filter((p) => p.startsOn > today)).toHaveLength(3);
  });
});
