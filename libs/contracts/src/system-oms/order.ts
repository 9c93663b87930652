import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { STORE_ID_PATTERN } from '../identifiers';
import { CALLER_KEY_PATTERN, MAX_OMS_LINES, OMS_ID_PATTERN, StockLineDto } from './reservation-request';

export const FULFILMENT_METHODS = ['PICKUP', 'SHIP'] as const;
export const SETTABLE_ORDER_STATUSES = ['READY', 'COLLECTED', 'CANCELLED'] as const;
export type SettableOrderStatus = (typeof SETTABLE_ORDER_STATUSES)[number];

const CHANNEL_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

export class CreateOrderDto {
  @ApiProperty({
    example: 'pu_01JD2X8K4Q',
    pattern: CALLER_KEY_PATTERN.source,
    maxLength: 64,
    description: "The channel's order id; creating again with it answers the existing OMS order",
  })
  @IsString()
  @Matches(CALLER_KEY_PATTERN)
  externalOrderId!: string;

  @ApiProperty({ example: 'WEB', pattern: CHANNEL_PATTERN.source, maxLength: 32 })
  @IsString()
  @Matches(CHANNEL_PATTERN)
  channel!: string;

  @ApiProperty({
    example: 'ST-6930',
    pattern: STORE_ID_PATTERN.source,
    maxLength: 20,
    description: 'The store that fulfils the order',
  })
  @IsString()
  @Matches(STORE_ID_PATTERN)
  storeId!: string;

  @ApiProperty({ enum: FULFILMENT_METHODS })
  @IsIn(FULFILMENT_METHODS)
  fulfilment!: (typeof FULFILMENT_METHODS)[number];

  @ApiPropertyOptional({
    example: 'RS4829105573',
    pattern: OMS_ID_PATTERN.source,
    maxLength: 40,
    description: 'The reservation holding the stock',
  })
  @IsOptional()
  @IsString()
  @Matches(OMS_ID_PATTERN)
  reservationId?: string;

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

export class OrderStatusChangeDto {
  @ApiProperty({ enum: SETTABLE_ORDER_STATUSES })
  @IsIn(SETTABLE_ORDER_STATUSES)
  status!: SettableOrderStatus;
}

export class OrderCreatedDto {
  @ApiProperty({ example: 'SO4829105573', maxLength: 40 })
  omsOrderId!: string;

  @ApiProperty({
    description:
      'True when the OMS already held an order with this externalOrderId (an earlier attempt landed)',
  })
  alreadyExisted!: boolean;
}

export class PickListCreatedDto {
  @ApiProperty({ example: 'PK48291055', maxLength: 40 })
  pickListId!: string;

  @ApiProperty({ description: 'True when the order already had its pick list' })
  alreadyExisted!: boolean;
}

export class OrderStatusDto {
  @ApiProperty({ example: 'SO4829105573', maxLength: 40 })
  omsOrderId!: string;

  @ApiProperty({ enum: ['CREATED', ...SETTABLE_ORDER_STATUSES] })
  status!: string;
}
