import type { Store } from '@omnigate/contracts';

/** A store as the POS back office answers it. */
export interface PosStore {
  store_code: string;
  name: string;
  region: string;
  timezone: string;
  address: { line1: string; city: string; postal_code: string; country: string };
  registers: string[];
  price_list_id: string;
  status: string;
}

/** The back office's store list. */
export interface PosStoreList {
  stores: PosStore[];
}

/** Turns the back office's store into the canonical one. */
export function toStore(store: PosStore): Store {
  return {
    storeId: store.store_code,
    name: store.name,
    region: store.region,
    timezone: store.timezone,
    registers: [...store.registers],
    priceListId: store.price_list_id,
    status: store.status,
  };
}
