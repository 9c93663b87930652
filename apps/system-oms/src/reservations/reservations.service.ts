import { Injectable } from '@nestjs/common';
import type { Reservation } from '@omnigate/contracts';
import { OMS_ERROR, type OmsErrorBody, omsRefusal, unexpectedOmsRefusal } from '../oms/oms-api';
import { OmsClient } from '../oms/oms.client';
import { type OmsReservation, toOmsReservationRequest, toReservation } from './oms-reservation.mapper';
import type { CreateReservationDto } from '@omnigate/contracts';
import {
  InsufficientStock,
  InvalidReservation,
  ReservationNotActive,
  UnknownReservation,
  UnknownSku,
  UnknownStore,
} from './reservations.errors';

const RESERVE = 'reserve stock';

/** Stock reservations in the OMS: all lines or none, held until consumed, released or expired. */
@Injectable()
export class ReservationsService {
  constructor(private readonly oms: OmsClient) {}

  /** Reserves every line; a reservationRef the OMS knows answers that reservation and reserves nothing more. */
  async reserve(reservation: CreateReservationDto): Promise<Reservation> {
    const response = await this.oms.post<OmsReservation | OmsErrorBody>(
      RESERVE,
      '/reservations',
      toOmsReservationRequest(reservation),
      [400, 409, 422],
    );
    if (response.status < 300) return toReservation(response.data as OmsReservation);
    const refusal = omsRefusal(response);
    switch (refusal.code) {
      case OMS_ERROR.insufficientStock:
        throw new InsufficientStock(String(refusal.sku), reservation.storeId, refusal.available);
      case OMS_ERROR.unknownLocation:
        throw new UnknownStore(reservation.storeId);
      case OMS_ERROR.unknownSku:
        throw new UnknownSku(String(refusal.sku));
      case OMS_ERROR.validationFailed:
        throw new InvalidReservation(refusal.message ?? 'refused');
      default:
        throw unexpectedOmsRefusal(RESERVE, response);
    }
  }

  /** The reservation as the OMS holds it now, or {@link UnknownReservation}. */
  async getReservation(reservationId: string): Promise<Reservation> {
    const response = await this.oms.get<OmsReservation>(
      'read reservation',
      `/reservations/${encodeURIComponent(reservationId)}`,
      [404],
    );
    if (response.status === 404) throw new UnknownReservation(reservationId);
    return toReservation(response.data);
  }

  /** Gives the stock back; releasing a released or expired reservation changes nothing. */
  release(reservationId: string): Promise<Reservation> {
    return this.move(reservationId, 'release', 'release reservation');
  }

  /** Records that the goods left the store; consuming twice changes nothing. */
  consume(reservationId: string): Promise<Reservation> {
    return this.move(reservationId, 'consume', 'consume reservation');
  }

  private async move(
    reservationId: string,
    action: 'release' | 'consume',
    operation: string,
  ): Promise<Reservation> {
    const response = await this.oms.post<OmsReservation | OmsErrorBody>(
      operation,
      `/reservations/${encodeURIComponent(reservationId)}/${action}`,
      undefined,
      [404, 409],
    );
    if (response.status < 300) return toReservation(response.data as OmsReservation);
    const refusal = omsRefusal(response);
    switch (refusal.code) {
      case OMS_ERROR.reservationNotFound:
        throw new UnknownReservation(reservationId);
      case OMS_ERROR.reservationNotActive:
        throw new ReservationNotActive(reservationId, refusal.status);
      default:
        throw unexpectedOmsRefusal(operation, response);
    }
  }
}
