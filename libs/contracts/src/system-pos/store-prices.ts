import { ApiProperty } from '@nestjs/swagger';
import { Price, Promotion } from '../price';

/** system-pos's answer to a price read: a store's prices of some SKUs, the promotions on them today, the SKUs it has no price for. */
export class StorePricesResponse {
  // At most one price and one unknown SKU per SKU asked for (at most 100).
  @ApiProperty({
    type: [Price],
    maxItems: 100,
    description: 'Shelf prices of the requested SKUs the store sells',
  })
  prices!: Price[];

  @ApiProperty({
    type: [Promotion],
    maxItems: 5_000,
    description: 'Promotions running today at the store on any of the returned prices',
  })
  promotions!: Promotion[];

  @ApiProperty({
    type: 'array',
    items: { type: 'string', maxLength: 20 },
    maxItems: 100,
    example: ['99999999'],
    description: 'Requested SKUs the store has no price for',
  })
  unknownSkus!: string[];
}
