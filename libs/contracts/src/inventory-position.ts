import { ApiProperty } from '@nestjs/swagger';

/** Stock of one SKU at one location, as the system of record last reported it. */
export class InventoryPosition {
  @ApiProperty({ example: '27023702', maxLength: 20 })
  sku!: string;

  @ApiProperty({ example: 'ST-6930', maxLength: 20, description: 'Store or warehouse id' })
  locationId!: string;

  @ApiProperty({ example: 12, minimum: 0 })
  onHand!: number;

  @ApiProperty({ example: 2, minimum: 0 })
  reserved!: number;

  @ApiProperty({ example: 10, minimum: 0, description: 'onHand - reserved, never below zero' })
  available!: number;

  @ApiProperty({
    example: '2026-11-23T09:30:00.000Z',
    format: 'date-time',
    maxLength: 35,
    description: 'When the system of record last changed it',
  })
  asOf!: string;
}
