import { Inject, Injectable } from '@nestjs/common';
import type { ReturnView } from '@omnigate/contracts';
import { Database } from '@omnigate/persistence';
import { actingAtStore, type RequestContext } from '@omnigate/workflow';
import { ReceiptLinesRepository } from './receipt-lines.repository';
import { ReturnViews } from './return.view';
import { STORE_RETURNS, type StoreReturns } from './store-return.workflow';

/** An authorised return that will not come (CANCELLED) or that the store refuses (REJECTED): its units may be returned again. */
@Injectable()
export class EndRequestedReturn {
  constructor(
    private readonly db: Database,
    @Inject(STORE_RETURNS) private readonly returns: StoreReturns,
    private readonly receiptLines: ReceiptLinesRepository,
    private readonly views: ReturnViews,
  ) {}

  async execute(
    ctx: RequestContext,
    { returnId, storeId, move }: { returnId: string; storeId: string; move: 'cancel' | 'reject' },
  ): Promise<ReturnView> {
    const ended = await this.db.transaction(async (tx) => {
      const requested = await this.returns.lock(tx, returnId);
      const moved = await this.returns.move(tx, actingAtStore(ctx, storeId), requested, move);
      const lines = requested.facts.lines ?? [];
      // The receipt's lines are locked after the return, as creation locks them after nothing else: no deadlock.
      await this.receiptLines.lock(tx, requested.keys.receiptKey, []);
      await this.receiptLines.add(
        tx,
        requested.keys.receiptKey,
        lines.map((l) => ({ lineNumber: l.lineNumber, quantity: -l.quantity })),
      );
      return moved;
    });
    return this.views.of(ended);
  }
}
