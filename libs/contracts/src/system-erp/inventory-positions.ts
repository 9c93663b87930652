import { ApiProperty } from '@nestjs/swagger';
import { InventoryPosition } from '../inventory-position';

/** system-erp's answer to a stock read: the positions it found and the requested pairs it holds none for. */
export class InventoryPositionsResponse {
  @ApiProperty({ type: [InventoryPosition] })
  positions!: InventoryPosition[];

  @ApiProperty({ type: [String], description: 'Requested store and SKU pairs the ERP holds no stock record for, as storeId/sku' })
  notCarried!: string[];
}

/** How {@link InventoryPositionsResponse.notCarried} names a store and SKU pair. */
export function notCarriedPair(storeId: string, sku: string): string {
  return `${storeId}/${sku}`;
}
