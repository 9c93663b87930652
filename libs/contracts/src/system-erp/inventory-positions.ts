import { ApiProperty } from '@nestjs/swagger';
import { InventoryPosition } from '../inventory-position';

/** system-erp's answer to a stock read: the positions it found and the requested pairs it holds none for. */
export class InventoryPositionsResponse {
  // At most 50 SKUs at a store, or one SKU at 25 stores.
  @ApiProperty({ type: [InventoryPosition], maxItems: 50 })
  positions!: InventoryPosition[];

  @ApiProperty({
    type: 'array',
    items: { type: 'string', maxLength: 41 },
    maxItems: 50,
    description: 'Requested store and SKU pairs the ERP holds no stock record for, as storeId/sku',
  })
  notCarried!: string[];
}

/** How {@link InventoryPositionsResponse.notCarried} names a store and SKU pair. */
export function notCarriedPair(storeId: string, sku: string): string {
  return `${storeId}/${sku}`;
}
