import { ApiProperty } from '@nestjs/swagger';

/** A physical store: where stock sits, prices apply and pickup orders are collected. */
export class Store {
  @ApiProperty({ example: 'ST-6930' })
  storeId!: string;

  @ApiProperty({ example: 'Boston Central' })
  name!: string;

  @ApiProperty({ example: 'NORTHEAST' })
  region!: string;

  @ApiProperty({ example: 'America/New_York' })
  timezone!: string;

  @ApiProperty({ type: [String], example: ['R01', 'R02'] })
  registers!: string[];

  @ApiProperty({ example: 'PL-NE' })
  priceListId!: string;

  @ApiProperty({ enum: ['OPEN', 'CLOSED'] })
  status!: string;
}
