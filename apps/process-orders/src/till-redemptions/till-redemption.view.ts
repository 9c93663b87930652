import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { TillRedemptionView } from '@omnigate/contracts';
import { PostingLedger } from '@omnigate/erp-postings';
import { IdempotentResources } from '@omnigate/idempotency';
import type { TillRedemption } from './till-redemption';
import { TILL_REDEMPTIONS, type TillRedemptions } from './till-redemption.workflow';

/**
 * Builds what callers see of a till redemption: state, points and their value, timeline and ERP
 * postings. It is also the answer to a retried write whose first answer was lost.
 */
@Injectable()
export class TillRedemptionViews implements OnModuleInit {
  constructor(
    @Inject(TILL_REDEMPTIONS) private readonly redemptions: TillRedemptions,
    private readonly ledger: PostingLedger,
    private readonly resources: IdempotentResources,
  ) {}

  onModuleInit(): void {
    this.resources.define(this.redemptions.name, async (redemptionId) =>
      this.of(await this.redemptions.get(redemptionId)),
    );
  }

  async of(redemption: TillRedemption): Promise<TillRedemptionView> {
    // Postings first: one is marked posted in the transaction that adds its timeline event, so a
    // posted posting's event is always in the timeline read after it.
    const postings = await this.ledger.listBySource(this.redemptions.name, redemption.id);
    const timeline = await this.redemptions.timeline(redemption.id);
    const { keys, facts } = redemption;
    return {
      redemptionId: redemption.id,
      state: redemption.state,
      storeId: keys.storeId,
      registerId: keys.registerId ?? null,
      memberId: keys.memberId,
      points: facts.points ?? 0,
      value: { amountMinor: facts.valueMinor ?? 0, currency: facts.currency ?? '' },
      reference: keys.reference ?? null,
      saleKey: keys.saleKey ?? null,
      expiresAt: facts.expiresAt ?? null,
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
