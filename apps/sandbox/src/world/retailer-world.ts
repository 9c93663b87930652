import { Injectable } from '@nestjs/common';
import { SandboxClock } from '../sandbox-clock';
import type {
  LoyaltyMember,
  PriceList,
  Product,
  Promotion,
  RetailerWorldState,
  StockLevel,
  Store,
} from './retailer-world.model';
import { seedRetailerWorld } from './retailer-world.seed';

/** The one in-memory retailer all four simulated backends read and change, so their answers agree. */
@Injectable()
export class RetailerWorld {
  private state: RetailerWorldState;

  constructor(private readonly clock: SandboxClock) {
    this.state = seedRetailerWorld(clock.now());
  }

  /** Throws away every change and builds the seeded world again. */
  rebuild(): void {
    this.state = seedRetailerWorld(this.clock.now());
  }

  product(sku: string): Product | undefined {
    return this.state.products.get(sku);
  }

  /** Products in catalogue order, `count` of them after skipping `offset`. */
  productPage(offset: number, count: number): Product[] {
    const page: Product[] = [];
    let index = 0;
    for (const product of this.state.products.values()) {
      if (page.length >= count) break;
      if (index++ >= offset) page.push(product);
    }
    return page;
  }

  skus(): string[] {
    return [...this.state.products.keys()];
  }

  store(storeId: string): Store | undefined {
    return this.state.stores.get(storeId);
  }

  stores(): Store[] {
    return [...this.state.stores.values()];
  }

  priceList(priceListId: string): PriceList | undefined {
    return this.state.priceLists.get(priceListId);
  }

  promotions(): readonly Promotion[] {
    return this.state.promotions;
  }

  /** The stock of an item at a store, or undefined when the store does not carry it. */
  stockAt(storeId: string, sku: string): StockLevel | undefined {
    return this.state.stock.get(storeId)?.get(sku);
  }

  member(memberNumber: string): LoyaltyMember | undefined {
    return this.state.members.get(memberNumber);
  }

  members(): IterableIterator<LoyaltyMember> {
    return this.state.members.values();
  }

  /** Today's date (UTC, YYYY-MM-DD), the day promotions are judged against. */
  today(): string {
    return new Date(this.clock.now()).toISOString().slice(0, 10);
  }
}

/** Whether an item may be brought back: perishables (GROCERY) are final sale, as the back office marks them. */
export function isReturnable(product: Product): boolean {
  return product.group !== 'GROCERY';
}

/** Whether a promotion runs on a calendar date (YYYY-MM-DD, both ends inclusive). */
export function promotionRunsOn(promotion: Promotion, date: string): boolean {
  return promotion.startsOn <= date && date <= promotion.endsOn;
}
