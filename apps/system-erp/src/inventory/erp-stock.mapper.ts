import type { InventoryPosition } from '@omnigate/contracts';
import { fromODataDate } from '../erp/erp-odata';

/** One row of the ERP's A_MatlStkInAcctMod entity set (quantities come as decimal strings). */
export interface ErpMaterialStock {
  Material: string;
  Plant: string;
  MatlWrhsStkQtyInMatlBaseUnit: string;
  ReservedQuantity?: string;
  LastChangeDateTime: string;
}

const wholeUnits = (decimal: string | undefined) => Math.max(0, Math.trunc(Number(decimal ?? '0')));

/** Turns an ERP stock row into the canonical inventory position. */
export function toInventoryPosition(row: ErpMaterialStock): InventoryPosition {
  const onHand = wholeUnits(row.MatlWrhsStkQtyInMatlBaseUnit);
  const reserved = wholeUnits(row.ReservedQuantity);
  return {
    sku: row.Material,
    locationId: row.Plant,
    onHand,
    reserved,
    available: Math.max(0, onHand - reserved),
    asOf: fromODataDate(row.LastChangeDateTime),
  };
}
