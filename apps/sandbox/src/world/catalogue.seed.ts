import type { Product, ProductGroup } from './retailer-world.model';
import type { SeededRandom } from './seeded-random';

interface GroupRange {
  brands: readonly string[];
  items: readonly string[];
  variants: readonly string[];
  /** Base price range in whole dollars. */
  dollars: readonly [number, number];
}

const GROUPS: Record<ProductGroup, GroupRange> = {
  APPAREL: {
    brands: ['Northbound', 'Linen & Loom', 'Urban Thread'],
    items: [
      'Crew Neck T-Shirt',
      'Slim Fit Jeans',
      'Hooded Sweatshirt',
      'Rain Jacket',
      'Chino Shorts',
      'Oxford Shirt',
      'Leggings',
      'Puffer Vest',
      'Canvas Sneakers',
      'Wool Socks 3-Pack',
    ],
    variants: [
      'Navy S',
      'Navy M',
      'Black M',
      'Black L',
      'Heather Grey L',
      'Olive XL',
      'White S',
      'Burgundy M',
    ],
    dollars: [9, 89],
  },
  GROCERY: {
    brands: ['Harvest Lane', 'Green Acre', 'Kettle & Co', 'Daily Table'],
    items: [
      'Organic Rolled Oats',
      'Extra Virgin Olive Oil',
      'Arabica Ground Coffee',
      'Sparkling Water',
      'Basmati Rice',
      'Dark Chocolate 85%',
      'Crunchy Peanut Butter',
      'Penne Rigate',
      'Greek Yogurt',
      'Maple Syrup',
    ],
    variants: ['250g', '500g', '1kg', '750ml', '12x330ml', '4-Pack', 'Family Size'],
    dollars: [1, 19],
  },
  HOME: {
    brands: ['Hearthstone', 'Casa Verde', 'Oak & Ember'],
    items: [
      'Cotton Bath Towel',
      'Dinner Plate Set',
      'Stainless Saucepan',
      'Linen Duvet Cover',
      'Scented Candle',
      'Bamboo Cutting Board',
      'Glass Storage Jar',
      'Throw Pillow',
    ],
    variants: ['White', 'Sage', 'Charcoal', 'Sand', 'Queen', 'King', 'Large', 'Small'],
    dollars: [4, 129],
  },
  ELECTRONICS: {
    brands: ['Voltra', 'Nordlink', 'Pixelon', 'Auralis'],
    items: [
      'Wireless Earbuds',
      'USB-C Charger 30W',
      'Bluetooth Speaker',
      'HDMI Cable 2m',
      'Smart Plug',
      'Power Bank 10000mAh',
      'Wireless Mouse',
      'LED Desk Lamp',
    ],
    variants: ['Black', 'White', 'Graphite', 'Blue', '2-Pack'],
    dollars: [9, 199],
  },
  BEAUTY: {
    brands: ['Lumiere', 'Pure Botanica', 'Dermacare'],
    items: [
      'Hydrating Face Cream',
      'Micellar Water',
      'Volume Mascara',
      'SPF 50 Sun Lotion',
      'Argan Hair Oil',
      'Lip Balm 2-Pack',
    ],
    variants: ['50ml', '100ml', '200ml', '400ml', 'Travel Size'],
    dollars: [3, 49],
  },
  TOYS: {
    brands: ['Brightblock', 'Little Voyager', 'Playwell'],
    items: ['Building Blocks', 'Plush Bear', 'Wooden Puzzle', 'Remote Control Car', 'Art Set'],
    variants: ['Starter', 'Deluxe', '48pc', '500pc', '12in'],
    dollars: [7, 79],
  },
  SPORTS: {
    brands: ['Trailpeak', 'Corefit', 'Swiftline'],
    items: ['Yoga Mat 6mm', 'Steel Water Bottle', 'Resistance Bands Set', 'Running Cap', 'Dumbbell'],
    variants: ['Black', 'Teal', 'Coral', '5kg', '750ml'],
    dollars: [5, 59],
  },
  GARDEN: {
    brands: ['Greenthumb', 'Meadowbrook'],
    items: ['Potting Soil', 'Pruning Shears', 'Garden Hose', 'Terracotta Pot', 'Seed Starter Kit'],
    variants: ['20L', '40L', '15m', '25cm', '30cm'],
    dollars: [2, 49],
  },
};

const PRODUCT_GROUPS = Object.keys(GROUPS) as ProductGroup[];

/** GS1 check digit over the first 12 digits of a GTIN-13. */
function gtin13(first12: string): string {
  const sum = [...first12].reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return first12 + String((10 - (sum % 10)) % 10);
}

/** The seeded catalogue and each product's base shelf price in minor units, before regional pricing. */
export function seedCatalogue(
  random: SeededRandom,
  count: number,
): { products: Product[]; basePrices: Map<string, number> } {
  const products: Product[] = [];
  const basePrices = new Map<string, number>();
  const taken = new Set<string>();
  for (let i = 0; i < count; i++) {
    let sku = String(random.int(10_000_000, 99_999_999));
    while (taken.has(sku)) sku = String(random.int(10_000_000, 99_999_999));
    taken.add(sku);
    const group = random.pick(PRODUCT_GROUPS);
    const range = GROUPS[group];
    products.push({
      sku,
      name: `${random.pick(range.brands)} ${random.pick(range.items)} ${random.pick(range.variants)}`,
      group,
      // 0614141 is the GS1 example company prefix; the index keeps GTINs unique.
      gtin: gtin13(`0614141${String(i).padStart(5, '0')}`),
      baseUnit: 'EA',
      lastChangedAt: 1_700_000_000_000 + random.int(0, 180) * 86_400_000,
    });
    basePrices.set(sku, random.int(range.dollars[0], range.dollars[1]) * 100 + 99);
  }
  return { products, basePrices };
}
