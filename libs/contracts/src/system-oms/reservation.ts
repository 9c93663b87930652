import { ApiProperty } from '@nestjs/swagger';

/** Where a stock reservation stands; only an ACTIVE one holds stock. */
export const RESERVATION_STATUSES = ['ACTIVE', 'RELEASED', 'CONSUMED', 'EXPIRED'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

// The OMS's ids are at most 40 characters (OMS_ID_PATTERN); the caller's keys at most 64 (CALLER_KEY_PATTERN).

/** A quantity of one SKU held by a reservation. */
export class ReservationLine {
  @ApiProperty({ example: '27023702', maxLength: 20 })
  sku!: string;

  @ApiProperty({ example: 2, minimum: 1 })
  quantity!: number;
}

/** Stock held at a store for one caller until it is consumed, released or expires. */
export class Reservation {
  @ApiProperty({ example: 'RS4829105573', maxLength: 40, description: "The OMS's id of the reservation" })
  reservationId!: string;

  @ApiProperty({
    example: 'pu_01JD2X8K4Q',
    maxLength: 64,
    description: "The caller's key; reserving again with it answers this reservation",
  })
  reservationRef!: string;

  @ApiProperty({ example: 'ST-6930', maxLength: 20 })
  storeId!: string;

  @ApiProperty({ enum: RESERVATION_STATUSES })
  status!: ReservationStatus;

  @ApiProperty({ example: '2026-11-24T18:00:00.000Z', format: 'date-time', maxLength: 35 })
  expiresAt!: string;

  @ApiProperty({ type: [ReservationLine], maxItems: 200 })
  lines!: ReservationLine[];
}
