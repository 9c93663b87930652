import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Money } from './money';

/** The shelf price of one SKU in one store, with the promotions that apply to it today. */
export class Price {
  @ApiProperty({ example: '27023702', maxLength: 20 })
  sku!: string;

  @ApiProperty({ example: 'ST-6930', maxLength: 20 })
  storeId!: string;

  @ApiProperty({ type: Money })
  price!: Money;

  @ApiPropertyOptional({ type: Money })
  compareAt?: Money;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', maxLength: 40 },
    maxItems: 50,
    example: ['PR-7QX2'],
  })
  promotionIds!: string[];

  @ApiPropertyOptional({
    example: true,
    description:
      'False for a final-sale item the store takes no returns of; absent from answers cached before the flag existed (read as returnable)',
  })
  returnable?: boolean;
}

/** A promotion the POS back office runs in some stores over some SKUs. */
export class Promotion {
  @ApiProperty({ example: 'PR-7QX2', maxLength: 40 })
  promotionId!: string;

  @ApiProperty({ example: '15% off knitwear', maxLength: 200 })
  description!: string;

  @ApiProperty({ enum: ['PERCENT_OFF', 'AMOUNT_OFF', 'BOGO'] })
  type!: 'PERCENT_OFF' | 'AMOUNT_OFF' | 'BOGO';

  @ApiPropertyOptional({ example: 15, description: 'Percent off, for PERCENT_OFF' })
  percentOff?: number;

  @ApiPropertyOptional({ type: Money, description: 'Amount off, for AMOUNT_OFF' })
  amountOff?: Money;

  @ApiProperty({ type: 'array', items: { type: 'string', maxLength: 20 }, maxItems: 10_000 })
  skus!: string[];

  @ApiProperty({ type: 'array', items: { type: 'string', maxLength: 20 }, maxItems: 10_000 })
  storeIds!: string[];

  @ApiProperty({ example: '2026-11-01', format: 'date', maxLength: 10 })
  startsOn!: string;

  @ApiProperty({ example: '2026-11-30', format: 'date', maxLength: 10 })
  endsOn!: string;
}
