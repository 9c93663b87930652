import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { STORE_ID_PATTERN } from '../identifiers';
import { Money } from '../money';
import { PICKUP_ORDER_ID_PATTERN, PostingView, TimelineEntryView } from './pickup-order';
import { REGISTER_ID_PATTERN, TENDER_TYPES, type TenderType } from './store-sale';

/** A return's id: opaque, `ret_` and random characters. */
export const RETURN_ID_PATTERN = /^ret_[A-Za-z0-9_-]{10,40}$/;

/** A store sale's key as `saleKeyOf` writes it: store, register and sequence. */
export const SALE_KEY_PATTERN = /^[A-Za-z0-9-]{1,20}:[A-Za-z0-9-]{1,20}:\d{1,10}$/;

/** Where a return stands: REQUESTED (authorised, goods not yet in the store), RECEIVED, REFUNDED; or ended REJECTED or CANCELLED. */
export const RETURN_STATES = ['REQUESTED', 'RECEIVED', 'REFUNDED', 'REJECTED', 'CANCELLED'] as const;
export type ReturnState = (typeof RETURN_STATES)[number];

/** What becomes of a returned unit: back to sellable stock, to the damaged bin, or nothing (it never came back). */
export const RETURN_DISPOSITIONS = ['RESTOCK', 'DAMAGED', 'MISSING'] as const;
export type ReturnDisposition = (typeof RETURN_DISPOSITIONS)[number];

/** How a return arrives: at the counter with the goods in hand, or authorised in advance (RMA) and received later. */
export const RETURN_MODES = ['COUNTER', 'RMA'] as const;
export type ReturnMode = (typeof RETURN_MODES)[number];

/** What a return refers to: a store sale (by its sale key) or a collected pickup order (by its order id). */
export const RECEIPT_KINDS = ['STORE_SALE', 'PICKUP_ORDER'] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];

export class ReturnLineDto {
  @ApiProperty({
    example: 1,
    minimum: 1,
    maximum: 500,
    description: "The line number on the receipt (a pickup order's lines are numbered from 1 in order)",
  })
  @IsInt()
  @Min(1)
  @Max(500)
  lineNumber!: number;

  @ApiProperty({ example: 1, minimum: 1, maximum: 999 })
  @IsInt()
  @Min(1)
  @Max(999)
  quantity!: number;

  @ApiProperty({ enum: RETURN_DISPOSITIONS })
  @IsIn(RETURN_DISPOSITIONS)
  disposition!: ReturnDisposition;
}

/** A return at a store: the receipt it refers to (one of saleKey or orderId), the lines and what becomes of them. */
export class CreateReturnDto {
  @ApiProperty({
    example: 'ST-6930',
    maxLength: 20,
    pattern: STORE_ID_PATTERN.source,
    description: 'The store taking the return',
  })
  @IsString()
  @Matches(STORE_ID_PATTERN)
  storeId!: string;

  @ApiPropertyOptional({ example: 'R01', maxLength: 20, pattern: REGISTER_ID_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(REGISTER_ID_PATTERN)
  registerId?: string;

  @ApiPropertyOptional({
    example: 'ST-6930:R01:1042',
    maxLength: 52,
    pattern: SALE_KEY_PATTERN.source,
    description: "The store sale's key; give this or orderId",
  })
  @IsOptional()
  @IsString()
  @Matches(SALE_KEY_PATTERN)
  saleKey?: string;

  @ApiPropertyOptional({
    example: 'po_8Qm3xT0aLk2VbN7c',
    maxLength: 43,
    pattern: PICKUP_ORDER_ID_PATTERN.source,
    description: 'A collected pickup order; give this or saleKey',
  })
  @IsOptional()
  @IsString()
  @Matches(PICKUP_ORDER_ID_PATTERN)
  orderId?: string;

  @ApiPropertyOptional({
    enum: RETURN_MODES,
    default: 'COUNTER',
    description:
      'COUNTER: the goods are in hand, received and refunded at once. RMA: authorised now, received later',
  })
  @IsOptional()
  @IsIn(RETURN_MODES)
  mode?: ReturnMode;

  @ApiProperty({ type: [ReturnLineDto], minItems: 1, maxItems: 200 })
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => ReturnLineDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  lines!: ReturnLineDto[];
}

/** The store acting on a return (receiving an RMA, cancelling it). */
export class ReturnStoreActionDto {
  @ApiProperty({ example: 'ST-6930', maxLength: 20, pattern: STORE_ID_PATTERN.source })
  @IsString()
  @Matches(STORE_ID_PATTERN)
  storeId!: string;
}

export class ReturnLineView {
  @ApiProperty({ example: 1 }) lineNumber!: number;
  @ApiProperty({ example: '27023702', maxLength: 20 }) sku!: string;
  @ApiProperty({ example: 1 }) quantity!: number;
  @ApiProperty({ enum: RETURN_DISPOSITIONS }) disposition!: ReturnDisposition;
  @ApiProperty({
    type: Money,
    description: 'What this line refunds: its paid price pro-rated, promotions and order discount deducted',
  })
  refund!: Money;
}

export class TenderRefundView {
  @ApiProperty({ enum: TENDER_TYPES }) type!: TenderType;
  @ApiProperty({ type: Money, description: 'For POINTS, the money value of the points given back' })
  amount!: Money;
  @ApiPropertyOptional({
    example: 250,
    description: 'POINTS only: the points given back to the member (never cash)',
  })
  points?: number;
}

export class ReturnReceiptView {
  @ApiProperty({ enum: RECEIPT_KINDS }) kind!: ReceiptKind;
  @ApiProperty({
    example: 'ST-6930:R01:1042',
    maxLength: 52,
    description: 'The sale key or the pickup order id',
  })
  reference!: string;
  @ApiProperty({ example: 'ST-6930', maxLength: 20, description: 'Where it was bought' }) storeId!: string;
  @ApiProperty({ format: 'date-time', maxLength: 30 }) purchasedAt!: string;
}

/** A return as stores and customer service see it: what is refunded per line and per tender, its timeline and ERP credit memo. */
export class ReturnView {
  @ApiProperty({ example: 'ret_8Qm3xT0aLk2VbN7c', maxLength: 44 }) returnId!: string;
  @ApiProperty({ enum: RETURN_STATES }) state!: ReturnState;
  @ApiProperty({ example: 'ST-6930', maxLength: 20, description: 'The store taking the return' })
  storeId!: string;
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 20 }) registerId!: string | null;
  @ApiProperty({ enum: RETURN_MODES }) mode!: ReturnMode;
  @ApiProperty({ type: ReturnReceiptView }) receipt!: ReturnReceiptView;
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 13 }) memberId!: string | null;
  @ApiProperty({ type: [ReturnLineView], maxItems: 200 }) lines!: ReturnLineView[];
  @ApiProperty({ type: Money, description: 'The whole refund, points at their money value included' })
  refund!: Money;
  @ApiProperty({ type: [TenderRefundView], maxItems: 10 }) tenders!: TenderRefundView[];
  @ApiProperty({ example: 12, description: 'Points accrued on the purchase that this return takes back' })
  pointsReversed!: number;
  @ApiProperty({ format: 'date-time', maxLength: 30 }) createdAt!: string;
  @ApiProperty({ type: [TimelineEntryView], maxItems: 100 }) timeline!: TimelineEntryView[];
  @ApiProperty({ type: [PostingView], maxItems: 10 }) postings!: PostingView[];
}
