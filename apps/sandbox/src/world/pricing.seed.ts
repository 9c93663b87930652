import type { PriceList, Product, Promotion, PromotionType, Store } from './retailer-world.model';
import type { SeededRandom } from './seeded-random';
import { REGIONS } from './store-network.seed';

/** Regional price level in per mille of the base price. */
const REGIONAL_LEVEL: Record<string, number> = { 'PL-NE': 1050, 'PL-SO': 970, 'PL-MW': 1000, 'PL-WE': 1080 };

const DAY_MS = 86_400_000;

/** Shelf prices end in .99, as the stores print them. */
function shelfPrice(minor: number): number {
  return Math.max(99, Math.floor(minor / 100) * 100 + 99);
}

/** One price list per region over the whole catalogue; about one item in eight is marked down. */
export function seedPriceLists(random: SeededRandom, basePrices: Map<string, number>): PriceList[] {
  return REGIONS.map(({ region, priceListId }) => {
    const prices = new Map<string, { unitPriceMinor: number; compareAtPriceMinor?: number }>();
    for (const [sku, base] of basePrices) {
      const regular = shelfPrice(Math.round((base * REGIONAL_LEVEL[priceListId]) / 1000));
      if (random.chance(0.12)) {
        const markedDown = shelfPrice(Math.round((regular * random.int(60, 85)) / 100));
        prices.set(sku, { unitPriceMinor: markedDown, compareAtPriceMinor: Math.ceil(regular / 100) * 100 });
      } else {
        prices.set(sku, { unitPriceMinor: regular });
      }
    }
    return { priceListId, region, currency: 'USD' as const, prices };
  });
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Fifteen promotions relative to `now`: eight running, four ended and three not yet started, so
 * every reset has some of each whatever the date.
 */
export function seedPromotions(
  random: SeededRandom,
  products: Product[],
  stores: Store[],
  now: number,
): Promotion[] {
  const promotions: Promotion[] = [];
  const taken = new Set<string>();
  for (let i = 0; i < 15; i++) {
    const type: PromotionType = (['PERCENT_OFF', 'AMOUNT_OFF', 'BOGO'] as const)[i % 3];
    const group = random.pick(products).group;
    const itemIds = random
      .sample(
        products.filter((p) => p.group === group),
        random.int(5, 25),
      )
      .map((p) => p.sku);
    const region = random.pick(REGIONS);
    const storeIds = (i % 2 === 0 ? stores : stores.filter((s) => s.region === region.region)).map(
      (s) => s.storeId,
    );
    let startsAt: number;
    let endsAt: number;
    if (i < 8) {
      startsAt = now - random.int(1, 20) * DAY_MS;
      endsAt = now + random.int(3, 30) * DAY_MS;
    } else if (i < 12) {
      endsAt = now - random.int(2, 30) * DAY_MS;
      startsAt = endsAt - 14 * DAY_MS;
    } else {
      startsAt = now + random.int(2, 20) * DAY_MS;
      endsAt = startsAt + 14 * DAY_MS;
    }
    let promoId = `PR-${random.int(10000, 99999)}`;
    while (taken.has(promoId)) promoId = `PR-${random.int(10000, 99999)}`;
    taken.add(promoId);
    const groupName = group.charAt(0) + group.slice(1).toLowerCase();
    const where = storeIds.length === stores.length ? 'all stores' : `${region.region.toLowerCase()} stores`;
    const promotion: Promotion = {
      promoId,
      description: '',
      type,
      itemIds,
      storeIds,
      startsOn: isoDate(startsAt),
      endsOn: isoDate(endsAt),
    };
    if (type === 'PERCENT_OFF') {
      promotion.percentOff = random.pick([10, 15, 20, 25, 30]);
      promotion.description = `${promotion.percentOff}% off selected ${groupName}, ${where}`;
    } else if (type === 'AMOUNT_OFF') {
      promotion.amountOffMinor = random.pick([100, 200, 300, 500]);
      promotion.description = `$${promotion.amountOffMinor / 100} off selected ${groupName}, ${where}`;
    } else {
      promotion.percentOff = random.pick([50, 100]);
      promotion.description = `Buy one, get one ${promotion.percentOff === 100 ? 'free' : 'half price'}: ${groupName}, ${where}`;
    }
    promotions.push(promotion);
  }
  return promotions;
}
