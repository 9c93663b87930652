import { seedCatalogue } from './catalogue.seed';
import { seedLoyaltyMembers } from './loyalty-members.seed';
import { seedPriceLists, seedPromotions } from './pricing.seed';
import type { RetailerWorldState } from './retailer-world.model';
import { SeededRandom } from './seeded-random';
import { seedStandingReservations, seedStock } from './stock.seed';
import { seedStoreNetwork } from './store-network.seed';

/** The seed every reset starts from; change it and every spec's picked data changes with it. */
export const WORLD_SEED = 20_240_917;

/** Builds the whole retailer world from {@link WORLD_SEED}; only promotion dates and stock timestamps follow `now`. */
export function seedRetailerWorld(now: number): RetailerWorldState {
  const random = new SeededRandom(WORLD_SEED);
  const { products, basePrices } = seedCatalogue(random, 2000);
  const stores = seedStoreNetwork(random);
  const priceLists = seedPriceLists(random, basePrices);
  const promotions = seedPromotions(random, products, stores, now);
  const stock = seedStock(random, products, stores, now);
  const members = seedLoyaltyMembers(random, 500);
  seedStandingReservations(new SeededRandom(WORLD_SEED + 1), stock);
  return {
    products: new Map(products.map((p) => [p.sku, p])),
    stores: new Map(stores.map((s) => [s.storeId, s])),
    priceLists: new Map(priceLists.map((l) => [l.priceListId, l])),
    promotions,
    stock,
    members: new Map(members.map((m) => [m.memberNumber, m])),
  };
}
