import { promotionRunsOn, type RetailerWorld } from '../world/retailer-world';

/** What tests and benchmarks pick their data from: every sku, store, member and promotion. */
export function seedSummary(world: RetailerWorld) {
  const today = world.today();
  return {
    skus: world.skus(),
    stores: world
      .stores()
      .map(({ storeId, registers, priceListId }) => ({ storeId, registers, priceListId })),
    members: [...world.members()].map(({ memberNumber, availablePoints, status }) => ({
      memberNumber,
      points: availablePoints,
      status,
    })),
    promotions: world.promotions().map((p) => ({
      promoId: p.promoId,
      itemIds: p.itemIds,
      storeIds: p.storeIds,
      activeNow: promotionRunsOn(p, today),
    })),
  };
}
