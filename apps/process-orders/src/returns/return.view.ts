import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ReturnView } from '@omnigate/contracts';
import { PostingLedger } from '@omnigate/erp-postings';
import { IdempotentResources } from '@omnigate/idempotency';
import type { StoreReturn } from './store-return';
import { STORE_RETURNS, type StoreReturns } from './store-return.workflow';

/** What stores and customer service see of a return; also the answer to a retried write whose first answer was lost. */
@Injectable()
export class ReturnViews implements OnModuleInit {
  constructor(
    @Inject(STORE_RETURNS) private readonly returns: StoreReturns,
    private readonly ledger: PostingLedger,
    private readonly resources: IdempotentResources,
  ) {}

  onModuleInit(): void {
    this.resources.define(this.returns.name, async (returnId) => this.of(await this.returns.get(returnId)));
  }

  async of(storeReturn: StoreReturn): Promise<ReturnView> {
    const facts = storeReturn.facts as Required<StoreReturn['facts']>;
    const money = (amountMinor: number) => ({ amountMinor, currency: facts.currency });
    // Postings first: one is marked posted in the transaction that adds its timeline event, so a
    // posted posting's event is always in the timeline read after it.
    const postings = await this.ledger.listBySource(this.returns.name, storeReturn.id);
    const timeline = await this.returns.timeline(storeReturn.id);
    return {
      returnId: storeReturn.id,
      state: storeReturn.state,
      storeId: storeReturn.keys.storeId,
      registerId: facts.registerId,
      mode: facts.mode,
      receipt: facts.receipt,
      memberId: facts.memberId,
      lines: facts.lines.map((l) => ({
        lineNumber: l.lineNumber,
        sku: l.sku,
        quantity: l.quantity,
        disposition: l.disposition,
        refund: money(l.refundMinor),
      })),
      refund: money(facts.refundMinor),
      tenders: facts.tenders.map((t) => ({
        type: t.type,
        amount: money(t.amountMinor),
        ...(t.points !== undefined && { points: t.points }),
      })),
      pointsReversed: facts.pointsReversed,
      createdAt: storeReturn.createdAt,
      timeline,
      postings: postings.map((p) => ({
        postingId: p.postingId,
        kind: p.kind,
        status: p.status,
        erpDocumentId: p.erpDocumentId,
      })),
    };
  }
}
