/** The follow-up work of a pickup order; every job carries the order id and the correlation id only. */
export const PICKUP_QUEUES = {
  createInOms: 'pickup-order.create-in-oms',
  sendPickList: 'pickup-order.send-pick-list',
  expire: 'pickup-order.expire',
  releaseHolds: 'pickup-order.release-holds',
  completeCollection: 'pickup-order.complete-collection',
  recoverPlacement: 'pickup-order.recover-placement',
} as const;

export type PickupQueue = (typeof PICKUP_QUEUES)[keyof typeof PICKUP_QUEUES];

/** The payload of every pickup order job. */
export interface PickupOrderJob {
  orderId: string;
  correlationId: string;
}
