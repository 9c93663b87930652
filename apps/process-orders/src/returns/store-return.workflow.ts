import { RETURN_STATES, type ReturnState } from '@omnigate/contracts';
import { postingIdOf } from '@omnigate/erp-postings';
import { defineWorkflow, type Workflow } from '@omnigate/workflow';
import type { StoreReturn } from './store-return';

/**
 * A return at a store, as data. A counter return (goods in hand) is requested, received and refunded
 * in one transaction; an RMA waits in REQUESTED until its store receives it, or is cancelled or
 * rejected there (its units become returnable again). Receiving books the goods (stock movement per
 * disposition); refunding settles the member's points and posts the ERP credit memo.
 */
export const STORE_RETURN_WORKFLOW = defineWorkflow({
  name: 'return',
  states: RETURN_STATES,
  initial: { state: 'REQUESTED', step: 'requested' },
  moves: {
    receive: {
      from: ['REQUESTED'],
      to: 'RECEIVED',
      step: 'received',
      guard: { store: 'bound' },
      effects: { jobs: ['bookStock'] },
    },
    refund: {
      from: ['RECEIVED'],
      to: 'REFUNDED',
      step: 'refunded',
      guard: { store: 'bound' },
      effects: { jobs: ['settlePoints'], postings: ['CREDIT_MEMO'] },
    },
    reject: { from: ['REQUESTED'], to: 'REJECTED', step: 'rejected', guard: { store: 'bound' } },
    cancel: { from: ['REQUESTED'], to: 'CANCELLED', step: 'cancelled', guard: { store: 'bound' } },
  },
  stateSets: { open: ['REQUESTED'], ended: ['REJECTED', 'CANCELLED'] },
  jobs: {
    bookStock: { queue: 'return.book-stock' },
    settlePoints: { queue: 'return.settle-points' },
  },
  timeouts: {},
  jobIdField: 'returnId',
  bindings: { store: 'keys.storeId' },
  // The posting id is derived from the return, so scheduling it twice finds one posting.
  posting: (ret: StoreReturn, kind, at) => ({
    postingId: postingIdOf(kind, ret.id),
    kind,
    sourceType: 'return',
    sourceId: ret.id,
    storeId: ret.keys.storeId,
    currency: ret.facts.currency!,
    occurredAt: at.toISOString(),
    lines: ret.facts.lines!.map((l) => ({ sku: l.sku, quantity: l.quantity, netAmountMinor: l.refundMinor })),
  }),
});

type Definition = typeof STORE_RETURN_WORKFLOW;
type MoveOf<D> = D extends { moves: Readonly<Record<infer M, unknown>> } ? M : never;
type JobOf<D> = D extends { jobs: Readonly<Record<infer J, unknown>> } ? J : never;

/** The return workflow as registered in this app, and its injection token. */
export const STORE_RETURNS = Symbol('STORE_RETURNS');
export type StoreReturns = Workflow<
  StoreReturn,
  ReturnState,
  MoveOf<Definition> & string,
  JobOf<Definition> & string
>;
