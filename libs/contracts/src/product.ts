import { ApiProperty } from '@nestjs/swagger';

/** A sellable item of the retailer's catalogue. String bounds are the ERP's field lengths. */
export class Product {
  @ApiProperty({ example: '27023702', maxLength: 20 })
  sku!: string;

  @ApiProperty({ example: 'Merino crew sweater', maxLength: 40 })
  name!: string;

  @ApiProperty({ example: 'APPAREL', maxLength: 9 })
  group!: string;

  @ApiProperty({ example: '4006381333931', maxLength: 18 })
  gtin!: string;

  @ApiProperty({ example: 'EA', maxLength: 3 })
  baseUnit!: string;
}
