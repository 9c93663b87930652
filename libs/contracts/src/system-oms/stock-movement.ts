import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { STORE_ID_PATTERN } from '../identifiers';
import { CALLER_KEY_PATTERN, MAX_OMS_LINES, StockLineDto } from './reservation-request';

/** Where returned goods go: back to sellable stock, or to the damaged bin (not sellable). */
export const STOCK_MOVEMENT_REASONS = ['RETURN_TO_STOCK', 'RETURN_DAMAGED'] as const;
export type StockMovementReason = (typeof STOCK_MOVEMENT_REASONS)[number];

/** system-oms's stock movement request: goods booked into a store, once per movementRef. */
export class CreateStockMovementDto {
  @ApiProperty({
    example: 'ret_8Qm3xT0aLk2VbN7c-restock',
    pattern: CALLER_KEY_PATTERN.source,
    maxLength: 64,
    description:
      'Your key for this movement; booking again with it answers the existing movement and moves nothing more',
  })
  @IsString()
  @Matches(CALLER_KEY_PATTERN)
  movementRef!: string;

  @ApiProperty({ example: 'ST-6930', pattern: STORE_ID_PATTERN.source, maxLength: 20 })
  @IsString()
  @Matches(STORE_ID_PATTERN)
  storeId!: string;

  @ApiProperty({
    enum: STOCK_MOVEMENT_REASONS,
    description: 'RETURN_TO_STOCK raises available stock; RETURN_DAMAGED does not',
  })
  @IsIn(STOCK_MOVEMENT_REASONS)
  reason!: StockMovementReason;

  @ApiProperty({ type: [StockLineDto], minItems: 1, maxItems: MAX_OMS_LINES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_OMS_LINES)
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => StockLineDto)
  lines!: StockLineDto[];
}

/** A stock movement as the OMS booked it. */
export class StockMovement {
  @ApiProperty({ example: 'SM4829105573', maxLength: 40, description: "The OMS's id of the movement" })
  movementId!: string;

  @ApiProperty({ example: 'ret_8Qm3xT0aLk2VbN7c-restock', maxLength: 64 })
  movementRef!: string;

  @ApiProperty({ example: 'ST-6930', maxLength: 20 })
  storeId!: string;

  @ApiProperty({ enum: STOCK_MOVEMENT_REASONS })
  reason!: StockMovementReason;

  @ApiProperty({ type: [StockLineDto], maxItems: MAX_OMS_LINES })
  lines!: StockLineDto[];
}
