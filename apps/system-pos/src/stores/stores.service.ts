import { Inject, Injectable } from '@nestjs/common';
import { CacheKeyspace, ReadThroughCache, type Cached, type CachePolicy } from '@omnigate/cache';
import type { Store } from '@omnigate/contracts';
import { PosBackOfficeClient } from '../pos/pos-back-office.client';
import { SystemPosConfig, posReadPolicy } from '../system-pos.config';
import { type PosStore, type PosStoreList, toStore } from './pos-store.mapper';
import { UnknownStore } from './stores.errors';

/** One store per key; the whole network's list under one key of its own, never taken apart. */
const STORE_KEYS = new CacheKeyspace('store', ['storeId']);
const STORE_LIST_KEY = 'stores:all';

/** The store network from the POS back office; it changes rarely, so it is cached long. */
@Injectable()
export class StoresService {
  private readonly policy: CachePolicy;

  constructor(
    private readonly backOffice: PosBackOfficeClient,
    private readonly cache: ReadThroughCache,
    @Inject(SystemPosConfig) config: SystemPosConfig,
  ) {
    this.policy = posReadPolicy(config.STORE_TTL_S, config);
  }

  /** Every store of the network. */
  async listStores(): Promise<Cached<Store[]>> {
    const cached = await this.cache.read<Store[]>(STORE_LIST_KEY, this.policy, async () => {
      const response = await this.backOffice.get<PosStoreList>('list stores', '/stores');
      return response.data.stores.map(toStore);
    });
    return cached as Cached<Store[]>;
  }

  /** The store with this id, or {@link UnknownStore}. */
  async getStore(storeId: string): Promise<Cached<Store>> {
    const cached = await this.cache.read<Store>(STORE_KEYS.key({ storeId }), this.policy, async () => {
      const response = await this.backOffice.get<PosStore>(
        'read store',
        `/stores/${encodeURIComponent(storeId)}`,
        undefined,
        [404],
      );
      return response.status === 404 ? null : toStore(response.data);
    });
    if (!cached.value) throw new UnknownStore(storeId);
    return cached as Cached<Store>;
  }
}
