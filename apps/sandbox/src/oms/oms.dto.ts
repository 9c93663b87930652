import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

/** A quantity of one sku, in reservations and orders. */
export class OmsLine {
  @ApiProperty({ example: '27023702' })
  @IsString()
  @Length(1, 20)
  sku!: string;

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity!: number;
}

/** The body of `POST /reservations`. */
export class StockReservationRequest {
  @ApiProperty({
    description: 'Caller key; repeating it returns the existing reservation (200)',
    example: 'PU-1001',
  })
  @IsString()
  @Length(1, 64)
  reservationRef!: string;

  @ApiProperty({ example: 'ST-6930' })
  @IsString()
  @Length(1, 20)
  locationId!: string;

  @ApiProperty({ example: '2030-01-01T12:00:00.000Z' })
  @IsISO8601({ strict: true })
  expiresAt!: string;

  @ApiProperty({ type: [OmsLine] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => OmsLine)
  lines!: OmsLine[];
}

/** How an order reaches the customer. */
export const FULFILMENT_METHODS = ['PICKUP', 'SHIP'] as const;

/** The body of `POST /orders`. */
export class FulfilmentOrderRequest {
  @ApiProperty({ description: "The channel's order id; unique", example: 'WEB-1001' })
  @IsString()
  @Length(1, 64)
  externalOrderId!: string;

  @ApiProperty({ example: 'WEB' })
  @IsString()
  @Length(1, 32)
  channel!: string;

  @ApiProperty({ example: 'ST-6930' })
  @IsString()
  @Length(1, 20)
  locationId!: string;

  @ApiProperty({ enum: FULFILMENT_METHODS })
  @IsIn(FULFILMENT_METHODS)
  fulfilment!: (typeof FULFILMENT_METHODS)[number];

  @ApiPropertyOptional({ example: 'RS4829105573' })
  @IsOptional()
  @IsString()
  reservationId?: string;

  @ApiProperty({ type: [OmsLine] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => OmsLine)
  lines!: OmsLine[];
}

/** The statuses a caller may move an order to; CREATED is only ever the start. */
export const SETTABLE_ORDER_STATUSES = ['READY', 'COLLECTED', 'CANCELLED'] as const;

/** The body of `POST /orders/{omsOrderId}/status`. */
export class OrderStatusRequest {
  @ApiProperty({ enum: SETTABLE_ORDER_STATUSES })
  @IsIn(SETTABLE_ORDER_STATUSES)
  status!: (typeof SETTABLE_ORDER_STATUSES)[number];
}

export const STOCK_MOVEMENT_REASONS = ['RETURN_TO_STOCK', 'RETURN_DAMAGED'] as const;
export type StockMovementReason = (typeof STOCK_MOVEMENT_REASONS)[number];

/** The body of `POST /stock-movements`. */
export class StockMovementRequest {
  @ApiProperty({
    description: 'Caller key; repeating it returns the existing movement (200)',
    example: 'ret_1-restock',
  })
  @IsString()
  @Length(1, 64)
  movementRef!: string;

  @ApiProperty({ example: 'ST-6930' })
  @IsString()
  @Length(1, 20)
  locationId!: string;

  @ApiProperty({ enum: STOCK_MOVEMENT_REASONS })
  @IsIn(STOCK_MOVEMENT_REASONS)
  reason!: StockMovementReason;

  @ApiProperty({ type: [OmsLine] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => OmsLine)
  lines!: OmsLine[];
}
