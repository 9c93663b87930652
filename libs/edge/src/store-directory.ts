import { Inject, Injectable } from '@nestjs/common';
import { PosApi } from '@omnigate/system-clients';
import { EdgeCache } from './edge-cache';
import { UnknownStore } from './stores.errors';

/** The network's store ids, all under one key, never taken apart. */
const EDGE_STORE_LIST_KEY = 'edge-stores:all';

/** The Set of each store list read: the edge cache hands out the same (frozen) list until it reads it again. */
const idSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function idSetOf(list: readonly string[]): ReadonlySet<string> {
  let ids = idSets.get(list);
  if (!ids) {
    ids = new Set(list);
    idSets.set(list, ids);
  }
  return ids;
}

/** The network's store ids from the POS back office, kept at the edge so checking an id costs no hop. */
@Injectable()
export class StoreDirectory {
  constructor(
    private readonly pos: PosApi,
    @Inject(EdgeCache) private readonly edge: EdgeCache,
  ) {}

  /** Throws {@link UnknownStore} naming every id that is not a store. */
  async assertKnown(storeIds: string[]): Promise<void> {
    const known = await this.edge.read(EDGE_STORE_LIST_KEY, this.edge.directory, async () => {
      const read = await this.pos.stores();
      return { ...read, value: read.value.stores.map((s) => s.storeId) };
    });
    const ids = idSetOf(known.value);
    const unknown = storeIds.filter((id) => !ids.has(id));
    if (unknown.length > 0) throw new UnknownStore(unknown);
  }
}
