import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsString, Matches } from 'class-validator';
import { SKU_PATTERN, STORE_ID_PATTERN } from '@omnigate/contracts';
import { HotParameters } from '@omnigate/server';

// A list longer than its documented length is left a string, which no array rule accepts.
const commaList =
  (maxLength: number) =>
  ({ value }: { value: unknown }) =>
    typeof value === 'string' && value.length <= maxLength
      ? value
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean)
      : value;

/** The longest lists the reads take: 50 SKUs or 25 store ids, of 20 characters each, and their commas. */
const MAX_SKU_LIST_LENGTH = 50 * 21 - 1;
const MAX_STORE_ID_LIST_LENGTH = 25 * 21 - 1;

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

@HotParameters({ skus: { commaList: SKU_PATTERN, max: 50 } })
export class SkusQuery {
  @ApiProperty({
    description: 'Comma-separated SKUs, at most 50',
    example: '27023702,43538611',
    type: String,
    maxLength: MAX_SKU_LIST_LENGTH,
  })
  @Transform(commaList(MAX_SKU_LIST_LENGTH))
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(SKU_PATTERN, { each: true })
  skus!: string[];
}

@HotParameters({ storeIds: { commaList: STORE_ID_PATTERN, max: 25 } })
export class StoreIdsQuery {
  @ApiProperty({
    description: 'Comma-separated store ids, at most 25',
    example: 'ST-6930,ST-6042',
    type: String,
    maxLength: MAX_STORE_ID_LIST_LENGTH,
  })
  @Transform(commaList(MAX_STORE_ID_LIST_LENGTH))
  @ArrayMinSize(1)
  @ArrayMaxSize(25)
  @Matches(STORE_ID_PATTERN, { each: true })
  storeIds!: string[];
}
