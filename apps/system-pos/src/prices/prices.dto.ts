import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, Matches } from 'class-validator';
import { SKU_PATTERN } from '@omnigate/contracts';

/** The back office prices at most 100 items per call; one call per request keeps a miss cheap. */
export const MAX_SKUS_PER_PRICE_READ = 100;

/** The longest list of SKUs a read takes: the most SKUs, each of 20 characters, and their commas. */
const MAX_SKU_LIST_LENGTH = MAX_SKUS_PER_PRICE_READ * 21 - 1;

// A longer list is left a string, which no array rule accepts: the documented length is enforced
// even where repeats or blanks would shrink the list below the count limit.
const commaList = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.length <= MAX_SKU_LIST_LENGTH
    ? [
        ...new Set(
          value
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean),
        ),
      ]
    : value;

export class PriceSkusQuery {
  @ApiProperty({
    description: `Comma-separated SKUs, at most ${MAX_SKUS_PER_PRICE_READ}`,
    example: '27023702,43538611',
    type: String,
    maxLength: MAX_SKU_LIST_LENGTH,
  })
  @Transform(commaList)
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SKUS_PER_PRICE_READ)
  @Matches(SKU_PATTERN, { each: true })
  skus!: string[];
}
