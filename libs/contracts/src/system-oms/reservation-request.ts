import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SKU_PATTERN, STORE_ID_PATTERN } from '../identifiers';

/** The OMS's own ids: reservation and order ids. */
export const OMS_ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

/** A caller's key (reservation ref, external order id): repeating a write with it changes nothing. */
export const CALLER_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** The OMS takes at most 200 lines per reservation or order. */
export const MAX_OMS_LINES = 200;

export class StockLineDto {
  @ApiProperty({ example: '27023702', pattern: SKU_PATTERN.source, maxLength: 20 })
  @IsString()
  @Matches(SKU_PATTERN)
  sku!: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: 9999 })
  @IsInt()
  @Min(1)
  @Max(9_999)
  quantity!: number;
}

/** system-oms's reservation request: every line or none, until the expiry. */
export class CreateReservationDto {
  @ApiProperty({
    example: 'pu_01JD2X8K4Q',
    pattern: CALLER_KEY_PATTERN.source,
    maxLength: 64,
    description:
      'Your key for this reservation; reserving again with it answers the existing reservation and reserves nothing more',
  })
  @IsString()
  @Matches(CALLER_KEY_PATTERN)
  reservationRef!: string;

  @ApiProperty({ example: 'ST-6930', pattern: STORE_ID_PATTERN.source, maxLength: 20 })
  @IsString()
  @Matches(STORE_ID_PATTERN)
  storeId!: string;

  @ApiProperty({
    example: '2026-11-24T18:00:00.000Z',
    format: 'date-time',
    maxLength: 35,
    description: 'When the OMS gives the stock back if the reservation is neither consumed nor released',
  })
  @IsISO8601({ strict: true })
  @MaxLength(35)
  expiresAt!: string;

  @ApiProperty({ type: [StockLineDto], minItems: 1, maxItems: MAX_OMS_LINES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_OMS_LINES)
  // ValidateNested validates the items of nested arrays too: a line that is itself an array would pass.
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => StockLineDto)
  lines!: StockLineDto[];
}
