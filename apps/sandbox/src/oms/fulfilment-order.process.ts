/** Where an OMS order stands. */
export type OrderStatus = 'CREATED' | 'READY' | 'COLLECTED' | 'CANCELLED';

/** The order lifecycle as data: CREATED -> READY -> COLLECTED, cancellable until collected. */
export const ORDER_MOVES: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  CREATED: ['READY', 'CANCELLED'],
  READY: ['COLLECTED', 'CANCELLED'],
  COLLECTED: [],
  CANCELLED: [],
};
