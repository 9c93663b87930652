import { postingIdOf } from '@omnigate/erp-postings';
import { collectionAccrualReference } from '../pickup-orders/complete-collection.usecase';
import { pickupHoldReference } from '../pickup-orders/pickup-holds';
import { PICKUP_ORDER_WORKFLOW } from '../pickup-orders/pickup-order.workflow';
import { accrualReversalReference, pointsRefundReference } from '../returns/settle-return-points.usecase';
import { saleAccrualReference } from '../store-sales/accrue-sale-points.usecase';
import { holdReferenceOf } from '../till-redemptions/till-redemption';
import { TILL_REDEMPTION_WORKFLOW } from '../till-redemptions/till-redemption.workflow';
import type { DayFlow } from './reconciled-day';
import type { FlowLink } from './reconciliation-report';

/** A loyalty movement a flow should have booked, under its reference. */
export interface ExpectedLoyaltyMovement {
  flow: FlowLink;
  kind: 'accrual' | 'accrual-reversal' | 'redemption';
  reference: string;
  points: number;
  /** Redemptions (points holds): whether the hold must have been given back (true), kept (false), or either (undefined). */
  released?: boolean;
  /**
   * The platform may hold nothing under the reference (a hold whose authorization was interrupted
   * before its answer came back): none is no difference, but one found must be as `released` says.
   */
  mayBeAbsent?: boolean;
}

const pickupOrderHolding = (state: string) =>
  (PICKUP_ORDER_WORKFLOW.stateSets.holding as readonly string[]).includes(state);

const tillRedemptionReleased = (state: string) =>
  (TILL_REDEMPTION_WORKFLOW.stateSets.released as readonly string[]).includes(state);

export const linkOf = (flow: DayFlow): FlowLink => ({ workflow: flow.workflow, flowId: flow.flowId });

/**
 * The ERP postings a flow's state calls for, by posting id. A pickup order posts its DEMAND once
 * reserved and its SALE once collected (a cancel or expiry takes the DEMAND back: voided or
 * reversed, which the ledger check covers); a per-sale store sale its SALE, a journal sale nothing
 * of its own (its closed journal posts one SALE); a refunded return its CREDIT_MEMO; a captured
 * till redemption its POINTS_LIABILITY.
 */
export function expectedPostingIds(flow: DayFlow): string[] {
  switch (flow.workflow) {
    case 'pickup-order':
      if (pickupOrderHolding(flow.state)) return [postingIdOf('DEMAND', flow.flowId)];
      if (flow.state === 'COLLECTED')
        return [postingIdOf('DEMAND', flow.flowId), postingIdOf('SALE', flow.flowId)];
      return [];
    case 'store-sale':
      return flow.state === 'POSTING_SCHEDULED' ? [postingIdOf('SALE', flow.flowId)] : [];
    case 'sales-journal':
      // A journal's document carries the journal's own id, and its further pages that id and their page.
      return flow.state === 'CLOSED' ? flow.postingIds : [];
    case 'return':
      return flow.state === 'REFUNDED' ? [postingIdOf('CREDIT_MEMO', flow.flowId)] : [];
    case 'till-redemption':
      return flow.state === 'CAPTURED' ? [postingIdOf('POINTS_LIABILITY', flow.flowId)] : [];
  }
}

/** The loyalty movements a flow should have booked, from what its steps learned. */
export function expectedLoyaltyMovements(flow: DayFlow): ExpectedLoyaltyMovement[] {
  const link = linkOf(flow);
  switch (flow.workflow) {
    case 'pickup-order': {
      const movements: ExpectedLoyaltyMovement[] = [];
      if (flow.redemptionId && flow.pointsRedeemed > 0) {
        const ended = flow.state === 'CANCELLED' || flow.state === 'EXPIRED';
        const released = ended ? true : flow.state === 'COLLECTED' ? false : undefined;
        movements.push({
          flow: link,
          kind: 'redemption',
          reference: pickupHoldReference(flow.flowId),
          points: flow.pointsRedeemed,
          ...(released !== undefined && { released }),
        });
      }
      if ((flow.accruedPoints ?? 0) > 0)
        movements.push({
          flow: link,
          kind: 'accrual',
          reference: collectionAccrualReference(flow.flowId),
          points: flow.accruedPoints!,
        });
      return movements;
    }
    case 'store-sale':
      return (flow.accruedPoints ?? 0) > 0
        ? [
            {
              flow: link,
              kind: 'accrual',
              reference: saleAccrualReference(flow.flowId),
              points: flow.accruedPoints!,
            },
          ]
        : [];
    case 'sales-journal':
      return [];
    case 'return': {
      if (!flow.memberId || flow.state !== 'REFUNDED') return [];
      const movements: ExpectedLoyaltyMovement[] = [];
      if (flow.pointsRefunded > 0)
        movements.push({
          flow: link,
          kind: 'accrual',
          reference: pointsRefundReference(flow.flowId),
          points: flow.pointsRefunded,
        });
      if (flow.pointsReversed > 0 && flow.accrualReference)
        movements.push({
          flow: link,
          kind: 'accrual-reversal',
          reference: accrualReversalReference(flow.flowId),
          points: flow.pointsReversed,
        });
      return movements;
    }
    case 'till-redemption': {
      // A till redemption's hold is a redemption under its hold reference: kept once captured (and
      // while authorized), given back once voided or expired. One that never learned its loyalty
      // redemption was voided by the recovery job (the platform may or may not have taken the
      // points, and gave back what it took) or is still authorizing (nothing to check yet).
      const reference = holdReferenceOf(flow.flowId);
      if (flow.loyaltyRedemptionId === null)
        return flow.state === 'VOIDED'
          ? [
              {
                flow: link,
                kind: 'redemption',
                reference,
                points: flow.points,
                released: true,
                mayBeAbsent: true,
              },
            ]
          : [];
      return [
        {
          flow: link,
          kind: 'redemption',
          reference,
          points: flow.points,
          released: tillRedemptionReleased(flow.state),
        },
      ];
    }
  }
}

/** A member's flow whose points step has not run yet (its accrual is not known either way). */
export function accrualOutstanding(flow: DayFlow): boolean {
  if (flow.workflow === 'store-sale') return flow.memberId !== null && flow.accruedPoints === null;
  if (flow.workflow === 'pickup-order')
    return flow.memberId !== null && flow.state === 'COLLECTED' && flow.accruedPoints === null;
  return false;
}
