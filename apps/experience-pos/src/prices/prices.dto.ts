import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SKU_PATTERN, STORE_ID_PATTERN } from '@omnigate/contracts';
import { skuListQuery } from '../availability/availability.dto';

/** The system API prices at most 100 SKUs per call; one call per request keeps a miss cheap. */
export const MAX_SKUS_PER_PRICE_READ = 100;

export class PriceSkusQuery extends skuListQuery(MAX_SKUS_PER_PRICE_READ) {}

/** An amount in integer minor units of a currency. */
export class TillMoney {
  @ApiProperty({
    example: 1299,
    minimum: -1_000_000_000,
    maximum: 1_000_000_000,
    format: 'int32',
    description: 'Integer minor units (cents)',
  })
  amountMinor!: number;

  @ApiProperty({ example: 'USD', pattern: '^[A-Z]{3}$', maxLength: 3 })
  currency!: string;
}

export const PROMOTION_TYPES = ['PERCENT_OFF', 'AMOUNT_OFF', 'BOGO'] as const;

/** A promotion running today that applies to the SKU. */
export class TillPromotion {
  @ApiProperty({ example: 'PR-27445', maxLength: 40, pattern: '^[A-Za-z0-9_-]{1,40}$' })
  promotionId!: string;

  @ApiProperty({ example: '15% off knitwear', maxLength: 200 })
  description!: string;

  @ApiProperty({ enum: PROMOTION_TYPES, example: 'PERCENT_OFF' })
  type!: (typeof PROMOTION_TYPES)[number];

  @ApiPropertyOptional({
    example: 15,
    minimum: 0,
    maximum: 100,
    format: 'int32',
    description: 'Percent off, for PERCENT_OFF',
  })
  percentOff?: number;

  @ApiPropertyOptional({ type: TillMoney, description: 'Amount off one unit, for AMOUNT_OFF' })
  amountOff?: TillMoney;

  @ApiProperty({
    example: '2026-11-30',
    format: 'date',
    maxLength: 10,
    description: 'Last day the promotion runs',
  })
  endsOn!: string;
}

/** What the till needs to ring up one SKU. */
export class TillPrice {
  @ApiProperty({ example: '27023702', pattern: SKU_PATTERN.source, maxLength: 20 })
  sku!: string;

  @ApiProperty({ type: TillMoney, description: 'Shelf price of one unit, before promotions' })
  unitPrice!: TillMoney;

  @ApiPropertyOptional({ type: TillMoney, description: 'The was-price, when the shelf price is a markdown' })
  compareAtPrice?: TillMoney;

  @ApiProperty({
    type: [TillPromotion],
    maxItems: 20,
    description: 'Promotions running today at this store that apply to this SKU',
  })
  promotions!: TillPromotion[];
}

export class StorePricesResponse {
  @ApiProperty({ example: 'ST-6930', pattern: STORE_ID_PATTERN.source, maxLength: 20 })
  storeId!: string;

  @ApiProperty({
    type: [TillPrice],
    maxItems: MAX_SKUS_PER_PRICE_READ,
    description: 'Prices of the requested SKUs the store sells, in request order',
  })
  items!: TillPrice[];

  @ApiProperty({
    type: 'array',
    items: { type: 'string', pattern: SKU_PATTERN.source, maxLength: 20 },
    maxItems: MAX_SKUS_PER_PRICE_READ,
    example: ['99999999'],
    description: 'Requested SKUs the store has no price for',
  })
  unknownSkus!: string[];
}
