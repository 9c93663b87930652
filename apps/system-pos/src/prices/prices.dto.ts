import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, Matches } from 'class-validator';
import { SKU_PATTERN } from '@omnigate/contracts';

/** The back office prices at most 100 items per call; one call per request keeps a miss cheap. */
export const MAX_SKUS_PER_PRICE_READ = 100;

const commaList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? [...new Set(value.split(',').map((v) => v.trim()).filter(Boolean))] : value;

export class PriceSkusQuery {
  @ApiProperty({ description: `Comma-separated SKUs, at most ${MAX_SKUS_PER_PRICE_READ}`, example: '40213377,11842290', type: String })
  @Transform(commaList)
  @ArrayMinSize(1) @ArrayMaxSize(MAX_SKUS_PER_PRICE_READ)
  @Matches(SKU_PATTERN, { each: true })
  skus!: string[];
}
