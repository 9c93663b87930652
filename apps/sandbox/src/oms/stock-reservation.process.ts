/** Where a stock reservation stands; only an ACTIVE one holds stock. */
export type ReservationStatus = 'ACTIVE' | 'RELEASED' | 'CONSUMED' | 'EXPIRED';

/** The reservation lifecycle as data: every move an ACTIVE reservation may make, and none after. */
export const RESERVATION_MOVES: Readonly<Record<ReservationStatus, readonly ReservationStatus[]>> = {
  ACTIVE: ['RELEASED', 'CONSUMED', 'EXPIRED'],
  RELEASED: [],
  CONSUMED: [],
  EXPIRED: [],
};
