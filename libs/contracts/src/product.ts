import { ApiProperty } from '@nestjs/swagger';

/** A sellable item of the retailer's catalogue. */
export class Product {
  @ApiProperty({ example: '27023702' })
  sku!: string;

  @ApiProperty({ example: 'Merino crew sweater' })
  name!: string;

  @ApiProperty({ example: 'APPAREL' })
  group!: string;

  @ApiProperty({ example: '4006381333931' })
  gtin!: string;

  @ApiProperty({ example: 'EA' })
  baseUnit!: string;
}
