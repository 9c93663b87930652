import { Inject, Injectable } from '@nestjs/common';
import type { ReturnDisposition, StockMovement, StockMovementReason } from '@omnigate/contracts';
import { Database } from '@omnigate/persistence';
import { OmsApi } from '@omnigate/system-clients';
import type { RequestContext } from '@omnigate/workflow';
import { STORE_RETURNS, type StoreReturns } from './store-return.workflow';

/** The stock movement each disposition books; missing goods book none. */
const MOVEMENT_OF: Readonly<Record<ReturnDisposition, StockMovementReason | undefined>> = {
  RESTOCK: 'RETURN_TO_STOCK',
  DAMAGED: 'RETURN_DAMAGED',
  MISSING: undefined,
};

/**
 * Received: the goods are booked into the store that took them, one OMS stock movement per
 * disposition (restocked units back to available stock, damaged ones to the damaged bin), each
 * under a reference derived from the return, so a retried job books nothing twice.
 */
@Injectable()
export class BookReturnedStock {
  constructor(
    private readonly db: Database,
    @Inject(STORE_RETURNS) private readonly returns: StoreReturns,
    private readonly oms: OmsApi,
  ) {}

  async execute(_ctx: RequestContext, { returnId }: { returnId: string }): Promise<void> {
    const storeReturn = await this.returns.get(returnId);
    if (storeReturn.facts.stockMovementIds) return;
    const lines = storeReturn.facts.lines ?? [];
    const movements: StockMovement[] = [];
    for (const reason of new Set(lines.map((l) => MOVEMENT_OF[l.disposition]))) {
      if (!reason) continue;
      const moved = lines.filter((l) => MOVEMENT_OF[l.disposition] === reason);
      movements.push(
        await this.oms.bookStockMovement({
          movementRef: `${returnId}-${reason.toLowerCase()}`,
          storeId: storeReturn.keys.storeId,
          reason,
          lines: moved.map(({ sku, quantity }) => ({ sku, quantity })),
        }),
      );
    }
    const missing = lines.filter((l) => l.disposition === 'MISSING');
    await this.db.transaction(async (tx) => {
      const locked = await this.returns.lock(tx, returnId);
      // A retry after the first attempt committed (its answer lost) records nothing twice.
      if (locked.facts.stockMovementIds) return;
      await this.returns.learn(tx, returnId, { stockMovementIds: movements.map((m) => m.movementId) });
      for (const m of movements)
        await this.returns.record(tx, returnId, 'stock-booked', 'done', {
          movementId: m.movementId,
          reason: m.reason,
          lines: m.lines,
        });
      if (missing.length > 0)
        await this.returns.record(tx, returnId, 'goods-missing', 'done', {
          lines: missing.map(({ sku, quantity }) => ({ sku, quantity })),
        });
    });
  }
}
