import { ApiProperty } from '@nestjs/swagger';

/** A physical store: where stock sits, prices apply and pickup orders are collected. */
export class Store {
  @ApiProperty({ example: 'ST-4821' })
  storeId!: string;

  @ApiProperty({ example: 'Portland Pearl District' })
  name!: string;

  @ApiProperty({ example: 'WEST' })
  region!: string;

  @ApiProperty({ example: 'America/Los_Angeles' })
  timezone!: string;

  @ApiProperty({ type: [String], example: ['R01', 'R02'] })
  registers!: string[];

  @ApiProperty({ example: 'PL-WEST' })
  priceListId!: string;

  @ApiProperty({ enum: ['OPEN', 'CLOSED'] })
  status!: string;
}
