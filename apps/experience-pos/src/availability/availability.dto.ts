import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches } from 'class-validator';
import { SKU_PATTERN, STORE_ID_PATTERN } from '@omnigate/contracts';
import { STOCK_STATUSES, type StockStatus, type StoreStockLevel } from '@omnigate/edge';

export const MAX_SKUS_PER_READ = 50;

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

/** The pattern of a comma-separated list of up to `max` items, for the OpenAPI document. */
export const listPattern = (item: RegExp, max: number) =>
  `^${item.source.slice(1, -1)}(,${item.source.slice(1, -1)}){0,${max - 1}}$`;

export class StoreParams {
  @ApiProperty({
    example: 'ST-6930',
    pattern: STORE_ID_PATTERN.source,
    maxLength: 20,
    description: 'Must be the store the device belongs to',
  })
  @IsString()
  @Matches(STORE_ID_PATTERN)
  storeId!: string;
}

/** Comma-separated SKUs, at most `max`, each in the catalogue's format. */
export function skuListQuery(max: number) {
  class SkuListQuery {
    @ApiProperty({
      description: `Comma-separated SKUs, at most ${max}`,
      example: '27023702,43538611',
      type: String,
      pattern: listPattern(SKU_PATTERN, max),
      maxLength: max * 21,
    })
    @Transform(commaList)
    @IsArray()
    @ArrayMinSize(1)
    @ArrayMaxSize(max)
    @IsString({ each: true })
    @Matches(SKU_PATTERN, { each: true })
    skus!: string[];
  }
  return SkuListQuery;
}

export class SkusQuery extends skuListQuery(MAX_SKUS_PER_READ) {}

/** Stock of one SKU at the store; the till knows which store. */
export class StockLevel implements Omit<StoreStockLevel, 'storeId'> {
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
