import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MEMBER_ID_PATTERN, SKU_PATTERN, STORE_ID_PATTERN } from '../identifiers';

/** A till (register) of a store, as the POS back office names it. */
export const REGISTER_ID_PATTERN = /^[A-Za-z0-9-]{1,20}$/;

/** A business date: the trading day a sale belongs to, which may differ from the calendar day it was rung up. */
export const BUSINESS_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** How a sale was paid. POINTS is loyalty points redeemed at the till (its `points` says how many). */
export const TENDER_TYPES = ['CASH', 'CARD', 'GIFT_CARD', 'POINTS'] as const;
export type TenderType = (typeof TENDER_TYPES)[number];

/** Most sales one request may carry (an offline backlog is sent in batches of this size at most). */
export const MAX_SALES_PER_BATCH = 500;

/** The business key of a store sale: unique per store, register and per-register sequence. */
export function saleKeyOf(sale: Pick<StoreSaleDto, 'storeId' | 'registerId' | 'sequence'>): string {
  return `${sale.storeId}:${sale.registerId}:${sale.sequence}`;
}

/** A promotion applied to a line, as the till computed it. */
export class SaleLinePromotionDto {
  @ApiProperty({ example: 'PROMO-2FOR1', maxLength: 40 })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/)
  promotionId!: string;

  @ApiProperty({
    example: 300,
    minimum: 0,
    maximum: 100_000_000,
    description: 'Discount on the line, minor units',
  })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  discountMinor!: number;
}

export class StoreSaleLineDto {
  @ApiProperty({
    example: 1,
    minimum: 1,
    maximum: 500,
    description: 'The line number on the receipt; unique within the sale',
  })
  @IsInt()
  @Min(1)
  @Max(500)
  lineNumber!: number;

  @ApiProperty({ example: '27023702', maxLength: 20, pattern: SKU_PATTERN.source })
  @IsString()
  @Matches(SKU_PATTERN)
  sku!: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: 999 })
  @IsInt()
  @Min(1)
  @Max(999)
  quantity!: number;

  @ApiProperty({
    example: 1299,
    minimum: 0,
    maximum: 100_000_000,
    description: 'Unit price before promotions, minor units',
  })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  unitPriceMinor!: number;

  @ApiPropertyOptional({ type: [SaleLinePromotionDto], maxItems: 10 })
  @IsOptional()
  // ValidateNested validates the items of nested arrays too: an item that is itself an array would pass.
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => SaleLinePromotionDto)
  @ArrayMaxSize(10)
  promotions?: SaleLinePromotionDto[];
}

export class SaleTenderDto {
  @ApiProperty({ enum: TENDER_TYPES })
  @IsIn(TENDER_TYPES)
  type!: TenderType;

  @ApiProperty({
    example: 2298,
    minimum: 0,
    maximum: 100_000_000,
    description: 'Amount tendered, minor units (for POINTS, the money value of the points)',
  })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  amountMinor!: number;

  @ApiPropertyOptional({
    example: 500,
    minimum: 1,
    maximum: 1_000_000,
    description: 'POINTS only: the points redeemed',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  points?: number;
}

/** One sale as the till rang it up. */
export class StoreSaleDto {
  @ApiProperty({ example: 'ST-6930', maxLength: 20, pattern: STORE_ID_PATTERN.source })
  @IsString()
  @Matches(STORE_ID_PATTERN)
  storeId!: string;

  @ApiProperty({ example: 'R01', maxLength: 20, pattern: REGISTER_ID_PATTERN.source })
  @IsString()
  @Matches(REGISTER_ID_PATTERN)
  registerId!: string;

  @ApiProperty({
    example: 1042,
    minimum: 1,
    maximum: 2_147_483_647,
    description: "The register's own sale counter; (store, register, sequence) is the sale's key",
  })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  sequence!: number;

  @ApiProperty({ example: '2026-11-23', pattern: BUSINESS_DATE_PATTERN.source, maxLength: 10 })
  @IsString()
  @Matches(BUSINESS_DATE_PATTERN)
  businessDate!: string;

  @ApiProperty({ example: '2026-11-23T09:30:00.000Z', format: 'date-time', maxLength: 30 })
  @IsISO8601({ strict: true })
  occurredAt!: string;

  @ApiProperty({ example: 'USD', pattern: '^[A-Z]{3}$', maxLength: 3 })
  @IsString()
  @Matches(/^[A-Z]{3}$/)
  currency!: string;

  @ApiProperty({ type: [StoreSaleLineDto], minItems: 1, maxItems: 200 })
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => StoreSaleLineDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  lines!: StoreSaleLineDto[];

  @ApiPropertyOptional({
    example: 0,
    minimum: 0,
    maximum: 100_000_000,
    description: 'A discount on the whole sale (a coupon), minor units',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  orderDiscountMinor?: number;

  @ApiProperty({
    type: [SaleTenderDto],
    minItems: 1,
    maxItems: 10,
    description: 'Must add up to the sale total',
  })
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => SaleTenderDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  tenders!: SaleTenderDto[];

  @ApiPropertyOptional({ example: '6042685219730', maxLength: 13, pattern: MEMBER_ID_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(MEMBER_ID_PATTERN)
  memberId?: string;

  @ApiPropertyOptional({
    example: 'rdm_8Qm3xT0aLk2VbN7c',
    maxLength: 44,
    description:
      'A till redemption authorised at checkout (POST /v1/loyalty/redemptions), captured by this sale',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,44}$/)
  redemptionId?: string;
}
