import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsString, Matches } from 'class-validator';
import { SKU_PATTERN, STORE_ID_PATTERN } from '@omnigate/contracts';

const commaList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : value;

export class StoreParams {
  @ApiProperty({ example: 'ST-6930' })
  @IsString() @Matches(STORE_ID_PATTERN)
  storeId!: string;
}

export class SkuParams {
  @ApiProperty({ example: '27023702' })
  @IsString() @Matches(SKU_PATTERN)
  sku!: string;
}

export class SkusQuery {
  @ApiProperty({ description: 'Comma-separated SKUs, at most 50', example: '27023702,43538611', type: String })
  @Transform(commaList)
  @ArrayMinSize(1) @ArrayMaxSize(50)
  @Matches(SKU_PATTERN, { each: true })
  skus!: string[];
}

export class StoreIdsQuery {
  @ApiProperty({ description: 'Comma-separated store ids, at most 25', example: 'ST-6930,ST-6042', type: String })
  @Transform(commaList)
  @ArrayMinSize(1) @ArrayMaxSize(25)
  @Matches(STORE_ID_PATTERN, { each: true })
  storeIds!: string[];
}
