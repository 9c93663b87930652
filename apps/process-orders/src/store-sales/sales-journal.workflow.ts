import { pagePostingIdOf, postingPagesOf } from '@omnigate/erp-postings';
import { defineWorkflow, type Workflow } from '@omnigate/workflow';
import type { SalesJournal, SalesJournalState } from './store-sale';

/**
 * The summarized SALE journal of a store, business date and currency (daily-journal mode): OPEN
 * while its sales gather, CLOSED by its close job, which posts the sum of its sales' lines per sku
 * to the ERP in the transaction of the move. A sale arriving once the date's journal is closed
 * opens a follow-up journal (part 2, 3...): never lost, never counted twice.
 */
export const SALES_JOURNAL_WORKFLOW = defineWorkflow({
  name: 'sales-journal',
  states: ['OPEN', 'CLOSED'] as const,
  initial: { state: 'OPEN', step: 'opened' },
  moves: {
    close: {
      from: ['OPEN'],
      to: 'CLOSED',
      step: 'closed',
      guard: { callers: ['job'] },
      effects: { postings: ['SALE'] },
    },
  },
  stateSets: { open: ['OPEN'] },
  jobs: { close: { queue: 'sales-journal.close' } },
  timeouts: {},
  jobIdField: 'journalId',
  bindings: { store: 'keys.storeId' },
  // One SALE document, or its pages when a store-day passes the ERP's limits (200 lines a document, units and amount a line).
  posting: (journal: SalesJournal, kind, at) =>
    postingPagesOf(journal.facts.lines ?? []).map((lines, i) => ({
      postingId: pagePostingIdOf(journal.id, i + 1),
      kind,
      sourceType: 'sales-journal',
      sourceId: journal.id,
      storeId: journal.keys.storeId,
      currency: journal.keys.currency,
      occurredAt: at.toISOString(),
      lines,
    })),
});

/** The ERP documents a closed journal posts: its own id, then one per further page. */
export function journalPostingIdsOf(journal: Pick<SalesJournal, 'id' | 'facts'>): string[] {
  return postingPagesOf(journal.facts.lines ?? []).map((_, i) => pagePostingIdOf(journal.id, i + 1));
}

type Definition = typeof SALES_JOURNAL_WORKFLOW;
type MoveOf<D> = D extends { moves: Readonly<Record<infer M, unknown>> } ? M : never;
type JobOf<D> = D extends { jobs: Readonly<Record<infer J, unknown>> } ? J : never;

export const SALES_JOURNALS = Symbol('SALES_JOURNALS');
export type SalesJournals = Workflow<
  SalesJournal,
  SalesJournalState,
  MoveOf<Definition> & string,
  JobOf<Definition> & string
>;
