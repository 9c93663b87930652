/** Merchandise groups of the seeded catalogue; also the ERP's ProductGroup values. */
export type ProductGroup =
  'APPAREL' | 'GROCERY' | 'HOME' | 'ELECTRONICS' | 'BEAUTY' | 'TOYS' | 'SPORTS' | 'GARDEN';

/** A sellable item of the catalogue, keyed by its 8-digit item number. */
export interface Product {
  sku: string;
  name: string;
  group: ProductGroup;
  gtin: string;
  baseUnit: 'EA';
  lastChangedAt: number;
}

/** A store of the network, keyed by its store code (the ERP's plant, the OMS's location). */
export interface Store {
  storeId: string;
  name: string;
  region: string;
  timezone: string;
  address: { line1: string; city: string; postalCode: string; country: string };
  registers: string[];
  priceListId: string;
}

/** A shelf price in minor units, with the former price when the item is marked down. */
export interface ShelfPrice {
  unitPriceMinor: number;
  compareAtPriceMinor?: number;
}

/** A regional price list: one shelf price per item. */
export interface PriceList {
  priceListId: string;
  region: string;
  currency: 'USD';
  prices: Map<string, ShelfPrice>;
}

/** How a promotion discounts. */
export type PromotionType = 'PERCENT_OFF' | 'AMOUNT_OFF' | 'BOGO';

/** A promotion over a set of items and stores, valid between two calendar dates (inclusive). */
export interface Promotion {
  promoId: string;
  description: string;
  type: PromotionType;
  /** Percent off for PERCENT_OFF, percent off the second item for BOGO. */
  percentOff?: number;
  amountOffMinor?: number;
  itemIds: string[];
  storeIds: string[];
  startsOn: string;
  endsOn: string;
}

/** Units of one item at one store; `reserved` is held by OMS reservations, and seeded for other channels' orders. */
export interface StockLevel {
  onHand: number;
  reserved: number;
  lastChangedAt: number;
}

/** Loyalty tier and account status, as the loyalty SaaS names them. */
export type MemberTier = 'BASE' | 'SILVER' | 'GOLD';
export type MemberStatus = 'ACTIVE' | 'SUSPENDED';

/** A loyalty programme member and the points on their account. */
export interface LoyaltyMember {
  memberNumber: string;
  firstName: string;
  lastName: string;
  email: string;
  tier: MemberTier;
  status: MemberStatus;
  enrolledAt: string;
  availablePoints: number;
  pendingPoints: number;
  lifetimePoints: number;
}

/** Everything the four simulated backends share; rebuilt from the seed on reset. */
export interface RetailerWorldState {
  products: Map<string, Product>;
  stores: Map<string, Store>;
  priceLists: Map<string, PriceList>;
  promotions: Promotion[];
  /** storeId -> sku -> level; a store does not carry an item it has no entry for. */
  stock: Map<string, Map<string, StockLevel>>;
  members: Map<string, LoyaltyMember>;
}
