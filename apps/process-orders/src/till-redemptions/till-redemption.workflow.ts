import { TILL_REDEMPTION_STATES, type TillRedemptionState } from '@omnigate/contracts';
import { postingIdOf } from '@omnigate/erp-postings';
import { defineWorkflow, type Workflow } from '@omnigate/workflow';
import type { TillRedemption } from './till-redemption';

/** The material a points liability document is booked against (the ERP books it on a G/L pseudo-material). */
export const POINTS_LIABILITY_MATERIAL = 'LOYALTY-POINTS';

/**
 * Loyalty points at the till, as data. AUTHORIZING lasts while the points are being held at the
 * loyalty platform; one found there later was interrupted and only the recovery job ends it. An
 * AUTHORIZED hold is captured by the sale, voided by the till, or expires; voided and expired
 * holds give the points back, and a captured one posts the points liability to the ERP. An operator
 * may void a hold a till left behind (`release`).
 */
export const TILL_REDEMPTION_WORKFLOW = defineWorkflow({
  name: 'till-redemption',
  states: TILL_REDEMPTION_STATES,
  initial: {
    state: 'AUTHORIZING',
    step: 'authorization-started',
    effects: { timeouts: ['authorizationRecovery'] },
  },
  moves: {
    authorize: {
      from: ['AUTHORIZING'],
      to: 'AUTHORIZED',
      step: 'points-held',
      effects: { timeouts: ['holdExpiry'] },
    },
    capture: {
      from: ['AUTHORIZED'],
      to: 'CAPTURED',
      step: 'captured',
      guard: { store: 'bound' },
      effects: { postings: ['POINTS_LIABILITY'] },
    },
    void: {
      from: ['AUTHORIZED'],
      to: 'VOIDED',
      step: 'voided',
      guard: { store: 'bound' },
      effects: { jobs: ['releasePoints'] },
    },
    release: {
      from: ['AUTHORIZED'],
      to: 'VOIDED',
      step: 'released-by-operator',
      guard: { callers: ['operator'] },
      effects: { jobs: ['releasePoints'] },
    },
    expire: {
      from: ['AUTHORIZED'],
      to: 'EXPIRED',
      step: 'expired',
      guard: { callers: ['job'] },
      effects: { jobs: ['releasePoints'] },
    },
    abandon: {
      from: ['AUTHORIZING'],
      to: 'VOIDED',
      step: 'authorization-interrupted',
      outcome: 'compensated',
      guard: { callers: ['job'] },
    },
  },
  stateSets: { released: ['VOIDED', 'EXPIRED'] satisfies TillRedemptionState[] },
  operatorRelease: 'release',
  jobs: {
    expire: { queue: 'till-redemption.expire' },
    releasePoints: { queue: 'till-redemption.release-points' },
    recoverAuthorization: { queue: 'till-redemption.recover-authorization' },
  },
  timeouts: { holdExpiry: { job: 'expire' }, authorizationRecovery: { job: 'recoverAuthorization' } },
  jobIdField: 'redemptionId',
  bindings: { store: 'keys.storeId' },
  // The posting id is derived from the redemption, so scheduling it twice finds one posting.
  posting: (redemption: TillRedemption, kind, at) => ({
    postingId: postingIdOf(kind, redemption.id),
    kind,
    sourceType: 'till-redemption',
    sourceId: redemption.id,
    storeId: redemption.keys.storeId,
    currency: redemption.facts.currency!,
    occurredAt: at.toISOString(),
    lines: [{ sku: POINTS_LIABILITY_MATERIAL, quantity: 1, netAmountMinor: redemption.facts.valueMinor! }],
  }),
});

type Definition = typeof TILL_REDEMPTION_WORKFLOW;
type MoveOf<D> = D extends { moves: Readonly<Record<infer M, unknown>> } ? M : never;
type JobOf<D> = D extends { jobs: Readonly<Record<infer J, unknown>> } ? J : never;

/** The till redemption workflow as registered in this app, and its injection token. */
export const TILL_REDEMPTIONS = Symbol('TILL_REDEMPTIONS');
export type TillRedemptions = Workflow<
  TillRedemption,
  TillRedemptionState,
  MoveOf<Definition> & string,
  JobOf<Definition> & string
>;
