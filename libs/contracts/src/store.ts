import { ApiProperty } from '@nestjs/swagger';

/**
 * A physical store: where stock sits, prices apply and pickup orders are collected. The bounds are
 * the POS back office's field sizes.
 */
export class Store {
  @ApiProperty({ example: 'ST-6930', maxLength: 20 })
  storeId!: string;

  @ApiProperty({ example: 'Boston Central', maxLength: 100 })
  name!: string;

  @ApiProperty({ example: 'NORTHEAST', maxLength: 40 })
  region!: string;

  @ApiProperty({ example: 'America/New_York', maxLength: 64, description: 'IANA time zone' })
  timezone!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', maxLength: 20 },
    maxItems: 100,
    example: ['R01', 'R02'],
  })
  registers!: string[];

  @ApiProperty({ example: 'PL-NE', maxLength: 40 })
  priceListId!: string;

  @ApiProperty({ enum: ['OPEN', 'CLOSED'] })
  status!: string;
}
