import type { PickupOrderState } from '@omnigate/contracts';
import type { ProcessDefinition } from '@omnigate/workflow';

export type { PickupOrderState };

/**
 * PLACED is held only while placement talks to the OMS and loyalty; an order found there later was
 * interrupted and is compensated (CANCELLED). EXPIRED and CANCELLED release stock and points.
 */
export const PICKUP_ORDER_PROCESS: ProcessDefinition<PickupOrderState> = {
  PLACED: ['RESERVED', 'CANCELLED'],
  RESERVED: ['READY_FOR_PICKUP', 'CANCELLED', 'EXPIRED'],
  READY_FOR_PICKUP: ['COLLECTED', 'CANCELLED', 'EXPIRED'],
  COLLECTED: [],
  EXPIRED: [],
  CANCELLED: [],
};

/** States in which the order still holds stock and points. */
export const HOLDING_STATES: readonly PickupOrderState[] = ['RESERVED', 'READY_FOR_PICKUP'];
