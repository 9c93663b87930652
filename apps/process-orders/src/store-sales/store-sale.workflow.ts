import type { StoreSaleDto } from '@omnigate/contracts';
import { postingIdOf } from '@omnigate/erp-postings';
import { defineWorkflow, type Workflow } from '@omnigate/workflow';
import type { StoreSale, StoreSaleState } from './store-sale';

/**
 * A sale rung up at a till, as data. A sale is ACCEPTED once under its key, and in the same
 * transaction either scheduled for its own ERP SALE document (`postSale`, per-sale mode) or
 * summarized in its store's daily journal (`addToJournal`, daily-journal mode). Its follow-up jobs
 * are listed in {@link ACCEPTED_SALE_JOBS}.
 */
export const STORE_SALE_WORKFLOW = defineWorkflow({
  name: 'store-sale',
  states: ['ACCEPTED', 'POSTING_SCHEDULED', 'IN_JOURNAL'] as const,
  initial: { state: 'ACCEPTED', step: 'accepted' },
  moves: {
    postSale: {
      from: ['ACCEPTED'],
      to: 'POSTING_SCHEDULED',
      step: 'erp-sale-scheduled',
      effects: { postings: ['SALE'] },
    },
    addToJournal: { from: ['ACCEPTED'], to: 'IN_JOURNAL', step: 'added-to-journal' },
  },
  stateSets: { accepted: ['ACCEPTED', 'POSTING_SCHEDULED', 'IN_JOURNAL'] },
  jobs: {
    accruePoints: { queue: 'store-sale.accrue-points' },
    captureRedemption: { queue: 'store-sale.capture-redemption' },
  },
  timeouts: {},
  jobIdField: 'saleId',
  bindings: { store: 'keys.storeId', member: 'keys.memberId' },
  // The posting id is derived from the sale, so scheduling it twice finds one posting.
  posting: (sale: StoreSale, kind) => ({
    postingId: postingIdOf(kind, sale.id),
    kind,
    sourceType: 'store-sale',
    sourceId: sale.id,
    storeId: sale.keys.storeId,
    currency: sale.facts.sale!.currency,
    occurredAt: sale.facts.sale!.occurredAt,
    lines: sale.facts.netLines!.map(({ sku, quantity, netAmountMinor }) => ({
      sku,
      quantity,
      netAmountMinor,
    })),
  }),
});

type Definition = typeof STORE_SALE_WORKFLOW;
type MoveOf<D> = D extends { moves: Readonly<Record<infer M, unknown>> } ? M : never;
type JobOf<D> = D extends { jobs: Readonly<Record<infer J, unknown>> } ? J : never;
export type StoreSaleJob = JobOf<Definition> & string;

/**
 * The jobs an accepted sale starts, scheduled in the transaction that accepts it, each for the
 * sales it applies to. A new effect of a sale (capturing its redemption) is a job here.
 */
export const ACCEPTED_SALE_JOBS: readonly { job: StoreSaleJob; when: (sale: StoreSaleDto) => boolean }[] = [
  { job: 'accruePoints', when: (sale) => sale.memberId !== undefined },
  { job: 'captureRedemption', when: (sale) => sale.redemptionId !== undefined },
];

/** The store sale workflow as registered in this app, and its injection token. */
export const STORE_SALES = Symbol('STORE_SALES');
export type StoreSales = Workflow<StoreSale, StoreSaleState, MoveOf<Definition> & string, StoreSaleJob>;
