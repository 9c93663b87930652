import type { Reservation, ReservationStatus } from '@omnigate/contracts';
import type { CreateReservationDto } from '@omnigate/contracts';

/** A quantity of one SKU in the OMS's requests and answers. */
export interface OmsLine {
  sku: string;
  quantity: number;
}

/** The OMS's reservation request; a known reservationRef answers the existing reservation. */
export interface OmsReservationRequest {
  reservationRef: string;
  locationId: string;
  expiresAt: string;
  lines: OmsLine[];
}

/** A reservation as the OMS answers it. */
export interface OmsReservation {
  reservationId: string;
  reservationRef: string;
  locationId: string;
  status: ReservationStatus;
  expiresAt: string;
  lines: OmsLine[];
  createdAt?: string;
  updatedAt?: string;
}

/** Turns our reservation into the OMS's request; the store is its location. */
export function toOmsReservationRequest(reservation: CreateReservationDto): OmsReservationRequest {
  return {
    reservationRef: reservation.reservationRef,
    locationId: reservation.storeId,
    expiresAt: new Date(reservation.expiresAt).toISOString(),
    lines: reservation.lines.map(({ sku, quantity }) => ({ sku, quantity })),
  };
}

/** Turns the OMS's reservation into the canonical one. */
export function toReservation(answer: OmsReservation): Reservation {
  return {
    reservationId: answer.reservationId,
    reservationRef: answer.reservationRef,
    storeId: answer.locationId,
    status: answer.status,
    expiresAt: answer.expiresAt,
    lines: answer.lines.map(({ sku, quantity }) => ({ sku, quantity })),
  };
}
