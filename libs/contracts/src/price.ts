import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Money } from './money';

/** The shelf price of one SKU in one store, with the promotions that apply to it today. */
export class Price {
  @ApiProperty({ example: '27023702' })
  sku!: string;

  @ApiProperty({ example: 'ST-6930' })
  storeId!: string;

  @ApiProperty({ type: Money })
  price!: Money;

  @ApiPropertyOptional({ type: Money })
  compareAt?: Money;

  @ApiProperty({ type: [String], example: ['PR-7QX2'] })
  promotionIds!: string[];

  @ApiPropertyOptional({ example: true, description: 'False for a final-sale item the store takes no returns of; absent from answers cached before the flag existed (read as returnable)' })
  returnable?: boolean;
}

/** A promotion the POS back office runs in some stores over some SKUs. */
export class Promotion {
  @ApiProperty({ example: 'PR-7QX2' })
  promotionId!: string;

  @ApiProperty({ example: '15% off knitwear' })
  description!: string;

  @ApiProperty({ enum: ['PERCENT_OFF', 'AMOUNT_OFF', 'BOGO'] })
  type!: 'PERCENT_OFF' | 'AMOUNT_OFF' | 'BOGO';

  @ApiPropertyOptional({ example: 15, description: 'Percent off, for PERCENT_OFF' })
  percentOff?: number;

  @ApiPropertyOptional({ type: Money, description: 'Amount off, for AMOUNT_OFF' })
  amountOff?: Money;

  @ApiProperty({ type: [String] })
  skus!: string[];

  @ApiProperty({ type: [String] })
  storeIds!: string[];

  @ApiProperty({ example: '2026-11-01' })
  startsOn!: string;

  @ApiProperty({ example: '2026-11-30' })
  endsOn!: string;
}
