import type { Product, StockLevel, Store } from './retailer-world.model';
import type { SeededRandom } from './seeded-random';

/** Each store carries about 70% of the catalogue, with 0 to 60 units and about one line in ten at zero. */
export function seedStock(
  random: SeededRandom,
  products: Product[],
  stores: Store[],
  now: number,
): Map<string, Map<string, StockLevel>> {
  const stock = new Map<string, Map<string, StockLevel>>();
  for (const store of stores) {
    const levels = new Map<string, StockLevel>();
    for (const product of products) {
      if (!random.chance(0.7)) continue;
      const onHand = random.chance(0.1) ? 0 : random.int(1, 60);
      levels.set(product.sku, {
        onHand,
        reserved: 0,
        lastChangedAt: now - random.int(0, 7 * 24 * 60) * 60_000,
      });
    }
    stock.set(store.storeId, levels);
  }
  return stock;
}

/**
 * Stock the ERP already holds for orders Omnigate knows nothing of (other channels, store
 * transfers): about one stocked line in ten has 1 to all of its units reserved, so that what is
 * available is never simply what is on hand. Drawn from its own generator, so that adding it left
 * every other seeded value as it was.
 */
export function seedStandingReservations(
  random: SeededRandom,
  stock: Map<string, Map<string, StockLevel>>,
): void {
  for (const levels of stock.values()) {
    for (const level of levels.values()) {
      if (level.onHand > 0 && random.chance(0.1)) level.reserved = random.int(1, level.onHand);
    }
  }
}
