import { PICKUP_ORDER_STATES, type PickupOrderState } from '@omnigate/contracts';
import { postingIdOf } from '@omnigate/erp-postings';
import { defineWorkflow, type Workflow } from '@omnigate/workflow';
import type { PickupOrder } from './pickup-order';

export type { PickupOrderState };

/** The ERP posting of kind `kind` for an order. */

/** The states in which an order holds stock and points: the one place this set is written. */
const HOLDING: readonly PickupOrderState[] = ['RESERVED', 'READY_FOR_PICKUP'];

/**
 * Buy online, pick up in store, as data. PLACED is held only while placement talks to the OMS and
 * loyalty; an order found there later was interrupted, and only the recovery job may end it
 * (`abandon`): a customer's cancel starts from the holding states alone. EXPIRED and CANCELLED
 * release the stock and the points; an operator may cancel a stuck holding order (`release`).
 */
export const PICKUP_ORDER_WORKFLOW = defineWorkflow({
  name: 'pickup-order',
  states: PICKUP_ORDER_STATES,
  initial: { state: 'PLACED', step: 'placed', effects: { timeouts: ['placementRecovery'] } },
  moves: {
    reserve: {
      from: ['PLACED'],
      to: 'RESERVED',
      step: 'stock-reserved',
      effects: { jobs: ['createInOms'], timeouts: ['pickupWindow'], postings: ['DEMAND'] },
    },
    markReady: {
      from: ['RESERVED'],
      to: 'READY_FOR_PICKUP',
      step: 'ready-for-pickup',
      guard: { store: 'bound' },
    },
    collect: {
      from: ['READY_FOR_PICKUP'],
      to: 'COLLECTED',
      step: 'collected',
      guard: { store: 'bound' },
      effects: { jobs: ['completeCollection'], postings: ['SALE'] },
    },
    cancel: {
      from: HOLDING,
      to: 'CANCELLED',
      step: 'cancelled',
      guard: { member: 'bound' },
      effects: { jobs: ['releaseHolds'], reversals: ['DEMAND'] },
    },
    release: {
      from: HOLDING,
      to: 'CANCELLED',
      step: 'released-by-operator',
      guard: { callers: ['operator'] },
      effects: { jobs: ['releaseHolds'], reversals: ['DEMAND'] },
    },
    expire: {
      from: HOLDING,
      to: 'EXPIRED',
      step: 'expired',
      guard: { callers: ['job'] },
      effects: { jobs: ['releaseHolds'], reversals: ['DEMAND'] },
    },
    abandon: {
      from: ['PLACED'],
      to: 'CANCELLED',
      step: 'placement-interrupted',
      outcome: 'compensated',
      guard: { callers: ['job'] },
    },
  },
  stateSets: { holding: HOLDING, ended: ['CANCELLED', 'EXPIRED'] },
  operatorRelease: 'release',
  jobs: {
    createInOms: { queue: 'pickup-order.create-in-oms' },
    sendPickList: { queue: 'pickup-order.send-pick-list' },
    expire: { queue: 'pickup-order.expire' },
    releaseHolds: { queue: 'pickup-order.release-holds' },
    completeCollection: { queue: 'pickup-order.complete-collection' },
    recoverPlacement: { queue: 'pickup-order.recover-placement' },
  },
  timeouts: { pickupWindow: { job: 'expire' }, placementRecovery: { job: 'recoverPlacement' } },
  // Jobs queued before the engine carried `orderId`; the field stays so they still run.
  jobIdField: 'orderId',
  bindings: { store: 'storeId', member: 'memberId' },
  // The posting id is derived from the order, so scheduling it twice finds one posting. The SALE of
  // a collected order consumes its DEMAND, and says so; a cancelled or expired order reverses it.
  posting: (order: PickupOrder, kind, at) => ({
    postingId: postingIdOf(kind, order.orderId),
    ...(kind === 'SALE' && { reference: postingIdOf('DEMAND', order.orderId) }),
    kind,
    sourceType: 'pickup-order',
    sourceId: order.orderId,
    storeId: order.storeId,
    currency: order.currency,
    occurredAt: at.toISOString(),
    lines: order.lines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity,
      netAmountMinor: l.unitPriceMinor * l.quantity,
    })),
  }),
});

type Definition = typeof PICKUP_ORDER_WORKFLOW;
type MoveOf<D> = D extends { moves: Readonly<Record<infer M, unknown>> } ? M : never;
type JobOf<D> = D extends { jobs: Readonly<Record<infer J, unknown>> } ? J : never;

/** The pickup order workflow as registered in this app, and its injection token. */
export const PICKUP_ORDERS = Symbol('PICKUP_ORDERS');
export type PickupOrders = Workflow<
  PickupOrder,
  PickupOrderState,
  MoveOf<Definition> & string,
  JobOf<Definition> & string
>;
