import type { Store, StorePricesResponse, StoresResponse } from '@omnigate/contracts';
import type { Cached } from '@omnigate/cache';
import type { PosApi } from '../src/pos.api';
import { SystemRefusal } from '../src/system-refusal';

/**
 * system-pos in memory, for process specs: stores and their shelf prices as the spec sets them; a
 * SKU without a price is listed in `unknownSkus`, an unknown store refused as `unknown-store`.
 */
export class FakePosApi implements Pick<PosApi, keyof PosApi> {
  private readonly storesById = new Map<string, Store>();
  private readonly prices = new Map<
    string,
    { amountMinor: number; currency: string; returnable?: boolean }
  >();

  /** A store open for business. */
  openStore(storeId: string): this {
    this.storesById.set(storeId, {
      storeId,
      name: `Store ${storeId}`,
      region: 'NORTH',
      timezone: 'Europe/Berlin',
      registers: ['R1'],
      priceListId: 'PL-1',
      status: 'OPEN',
    });
    return this;
  }

  /** The shelf price of `sku` at `storeId` (which becomes a store if it is not one yet). */
  price(storeId: string, sku: string, amountMinor: number, currency = 'EUR', returnable?: boolean): this {
    if (!this.storesById.has(storeId)) this.openStore(storeId);
    this.prices.set(`${storeId}/${sku}`, { amountMinor, currency, returnable });
    return this;
  }

  /** Stands in where a {@link PosApi} is injected. */
  asApi(): PosApi {
    return this as unknown as PosApi;
  }

  async stores(): Promise<Cached<StoresResponse>> {
    return { value: { stores: [...this.storesById.values()] }, state: 'miss', ageS: 0 };
  }

  async store(storeId: string): Promise<Cached<Store>> {
    const store = this.storesById.get(storeId);
    if (!store) throw new SystemRefusal(404, { type: 'unknown-store', title: 'No such store' });
    return { value: store, state: 'miss', ageS: 0 };
  }

  async storePrices(storeId: string, skus: string[]): Promise<Cached<StorePricesResponse>> {
    await this.store(storeId);
    const known = skus.filter((sku) => this.prices.has(`${storeId}/${sku}`));
    return {
      value: {
        prices: known.map((sku) => {
          const { amountMinor, currency, returnable } = this.prices.get(`${storeId}/${sku}`)!;
          return {
            sku,
            storeId,
            price: { amountMinor, currency },
            promotionIds: [],
            ...(returnable !== undefined && { returnable }),
          };
        }),
        promotions: [],
        unknownSkus: skus.filter((sku) => !known.includes(sku)),
      },
      state: 'miss',
      ageS: 0,
    };
  }
}
