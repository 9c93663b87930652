import { Inject, Injectable } from '@nestjs/common';
import type { ReturnView } from '@omnigate/contracts';
import { Database } from '@omnigate/persistence';
import { actingAtStore, type RequestContext } from '@omnigate/workflow';
import { ReturnViews } from './return.view';
import { STORE_RETURNS, type StoreReturns } from './store-return.workflow';

/** An authorised return (RMA) arrives at its store: received and refunded in one transaction, as at the counter. */
@Injectable()
export class ReceiveReturn {
  constructor(
    private readonly db: Database,
    @Inject(STORE_RETURNS) private readonly returns: StoreReturns,
    private readonly views: ReturnViews,
  ) {}

  async execute(
    ctx: RequestContext,
    { returnId, storeId }: { returnId: string; storeId: string },
  ): Promise<ReturnView> {
    const atStore = actingAtStore(ctx, storeId);
    const refunded = await this.db.transaction(async (tx) => {
      const requested = await this.returns.lock(tx, returnId);
      const received = await this.returns.move(tx, atStore, requested, 'receive', {
        detail: { at: 'store' },
      });
      return this.returns.move(tx, { ...atStore, idempotencyClaim: undefined }, received, 'refund', {
        detail: { refundMinor: received.facts.refundMinor, tenders: received.facts.tenders },
      });
    });
    return this.views.of(refunded);
  }
}
