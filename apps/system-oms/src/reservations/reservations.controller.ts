import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CreateReservationDto, Reservation } from '@omnigate/contracts';
import { ApiBackendProblemAnswers } from '@omnigate/http-client';
import { InternalCallers } from '@omnigate/auth';
import { ReservationParams } from './reservations.dto';
import { ReservationsService } from './reservations.service';

@ApiTags('reservations')
@ApiBackendProblemAnswers('the OMS')
@InternalCallers('process-orders')
@Controller('v1/reservations')
export class ReservationsController {
  constructor(private readonly reservations: ReservationsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reserve stock at a store until an expiry: every line or none',
    description:
      'Safe to repeat with the same reservationRef: a repeat answers the existing reservation and reserves nothing more.',
  })
  @ApiOkResponse({ type: Reservation })
  @ApiConflictResponse({
    description:
      'problem+json, type insufficient-stock (with sku, storeId and available); nothing was reserved',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'problem+json, type unknown-store, unknown-sku or invalid-reservation (e.g. an expiry already past)',
  })
  reserve(@Body() reservation: CreateReservationDto): Promise<Reservation> {
    return this.reservations.reserve(reservation);
  }

  @Get(':reservationId')
  @ApiOperation({ summary: 'A reservation as the OMS holds it now (not cached)' })
  @ApiOkResponse({ type: Reservation })
  @ApiNotFoundResponse({ description: 'problem+json, type unknown-reservation' })
  getReservation(@Param() { reservationId }: ReservationParams): Promise<Reservation> {
    return this.reservations.getReservation(reservationId);
  }

  @Post(':reservationId/release')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Release a reservation and give its stock back',
    description:
      'Safe to repeat: releasing a released or expired reservation changes nothing and answers it.',
  })
  @ApiOkResponse({ type: Reservation })
  @ApiNotFoundResponse({ description: 'problem+json, type unknown-reservation' })
  @ApiConflictResponse({ description: 'problem+json, type reservation-not-active: it was consumed' })
  release(@Param() { reservationId }: ReservationParams): Promise<Reservation> {
    return this.reservations.release(reservationId);
  }

  @Post(':reservationId/consume')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Consume a reservation: the goods left the store',
    description: 'Safe to repeat: consuming a consumed reservation changes nothing and answers it.',
  })
  @ApiOkResponse({ type: Reservation })
  @ApiNotFoundResponse({ description: 'problem+json, type unknown-reservation' })
  @ApiConflictResponse({
    description:
      'problem+json, type reservation-not-active (with reservationStatus): it was released or expired',
  })
  consume(@Param() { reservationId }: ReservationParams): Promise<Reservation> {
    return this.reservations.consume(reservationId);
  }
}
