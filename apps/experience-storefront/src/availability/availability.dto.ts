import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches } from 'class-validator';
import { SKU_PATTERN, STORE_ID_PATTERN } from '@omnigate/contracts';
import { HotParameters } from '@omnigate/server';
import { STOCK_STATUSES, type StockStatus, type StoreStockLevel } from '@omnigate/edge';

export const MAX_SKUS_PER_READ = 50;
export const MAX_STORES_PER_READ = 25;

const commaList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? [
        ...new Set(
          value
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean),
        ),
      ]
    : value;
const listPattern = (item: RegExp, max: number) =>
  `^${item.source.slice(1, -1)}(,${item.source.slice(1, -1)}){0,${max - 1}}$`;

@HotParameters({ storeId: { one: STORE_ID_PATTERN } })
export class StoreParams {
  @ApiProperty({ example: 'ST-6930', pattern: STORE_ID_PATTERN.source, maxLength: 20 })
  @IsString()
  @Matches(STORE_ID_PATTERN)
  storeId!: string;
}

@HotParameters({ sku: { one: SKU_PATTERN } })
export class SkuParams {
  @ApiProperty({ example: '27023702', pattern: SKU_PATTERN.source, maxLength: 20 })
  @IsString()
  @Matches(SKU_PATTERN)
  sku!: string;
}

@HotParameters({ skus: { commaList: SKU_PATTERN, max: MAX_SKUS_PER_READ, distinct: true } })
export class SkusQuery {
  @ApiProperty({
    description: `Comma-separated SKUs, at most ${MAX_SKUS_PER_READ}`,
    example: '27023702,43538611',
    type: String,
    pattern: listPattern(SKU_PATTERN, MAX_SKUS_PER_READ),
    maxLength: MAX_SKUS_PER_READ * 21,
  })
  @Transform(commaList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SKUS_PER_READ)
  @IsString({ each: true })
  @Matches(SKU_PATTERN, { each: true })
  skus!: string[];
}

@HotParameters({ storeIds: { commaList: STORE_ID_PATTERN, max: MAX_STORES_PER_READ, distinct: true } })
export class StoreIdsQuery {
  @ApiProperty({
    description: `Comma-separated store ids, at most ${MAX_STORES_PER_READ}`,
    example: 'ST-6930,ST-6042',
    type: String,
    pattern: listPattern(STORE_ID_PATTERN, MAX_STORES_PER_READ),
    maxLength: MAX_STORES_PER_READ * 21,
  })
  @Transform(commaList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STORES_PER_READ)
  @IsString({ each: true })
  @Matches(STORE_ID_PATTERN, { each: true })
  storeIds!: string[];
}

/** Stock of one SKU at one store, as a shopper sees it. */
export class StockLevel implements StoreStockLevel {
  @ApiProperty({ example: 'ST-6930', pattern: STORE_ID_PATTERN.source, maxLength: 20 })
  storeId!: string;

  @ApiProperty({ example: '27023702', pattern: SKU_PATTERN.source, maxLength: 20 })
  sku!: string;

  @ApiProperty({
    example: 8,
    minimum: 0,
    maximum: 1_000_000_000,
    format: 'int32',
    description: 'Units on hand and not reserved',
  })
  available!: number;

  @ApiProperty({
    enum: STOCK_STATUSES,
    example: 'IN_STOCK',
    description: 'LOW_STOCK at or below the configured threshold',
  })
  status!: StockStatus;

  @ApiProperty({
    description: 'False when the store does not sell the SKU (then available is 0)',
    example: true,
  })
  carried!: boolean;

  @ApiProperty({
    example: '2026-11-23T09:30:00.000Z',
    format: 'date-time',
    maxLength: 30,
    description: 'When the stock last changed, or when it was read for a SKU not carried',
  })
  asOf!: string;
}

export class ProductAvailabilityResponse {
  @ApiProperty({ example: '27023702', pattern: SKU_PATTERN.source, maxLength: 20 })
  sku!: string;

  @ApiProperty({
    type: [StockLevel],
    maxItems: MAX_STORES_PER_READ,
    description: 'One entry per requested store, in request order',
  })
  stores!: StockLevel[];
}

export class StoreAvailabilityResponse {
  @ApiProperty({ example: 'ST-6930', pattern: STORE_ID_PATTERN.source, maxLength: 20 })
  storeId!: string;

  @ApiProperty({
    type: [StockLevel],
    maxItems: MAX_SKUS_PER_READ,
    description: 'One entry per requested SKU, in request order',
  })
  skus!: StockLevel[];
}
