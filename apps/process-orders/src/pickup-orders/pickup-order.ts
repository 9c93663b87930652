import type { PickupOrderState } from './pickup-order.process';

/** One line of a pickup order, priced at placement. */
export interface PickupOrderLine {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
}

/** A pickup order as the workflow keeps it. */
export interface PickupOrder {
  orderId: string;
  state: PickupOrderState;
  storeId: string;
  memberId: string | null;
  clientAppId: string;
  lines: PickupOrderLine[];
  currency: string;
  subtotalMinor: number;
  pointsRedeemed: number;
  totalMinor: number;
  reservationId: string | null;
  redemptionId: string | null;
  omsOrderId: string | null;
  pickListId: string | null;
  accruedPoints: number | null;
  pickupExpiresAt: string;
  createdAt: string;
  version: number;
}

/** One step of an order's timeline: what happened, when, how it went, and the backend ids involved. */
export interface PickupOrderEvent {
  step: string;
  at: string;
  outcome: 'done' | 'failed' | 'compensated';
  detail: Record<string, unknown>;
}
