import { Injectable } from '@nestjs/common';
import { RetailerWorld } from '../world/retailer-world';
import { filterValues, odataDate, odataQuantity } from './odata';
import { odataError } from './odata-error';

/** A stock row of API_MATERIAL_STOCK_SRV: one material at one plant. */
export interface ErpStockRow {
  Material: string;
  Plant: string;
  StorageLocation: '0001';
  MaterialBaseUnit: 'EA';
  MatlWrhsStkQtyInMatlBaseUnit: string;
  ReservedQuantity: string;
  LastChangeDateTime: string;
}

const MAX_MATERIALS = 100;

/** The ERP's stock read (API_MATERIAL_STOCK_SRV) over the shared stock, reservations included. */
@Injectable()
export class ErpStock {
  constructor(private readonly world: RetailerWorld) {}

  /** Stock rows for every Plant × Material named in the filter; what a plant does not carry is absent. */
  rows(filter: string | undefined): { d: { results: ErpStockRow[] } } {
    const plants = filterValues(filter ?? '', 'Plant');
    const materials = filterValues(filter ?? '', 'Material');
    if (plants.length === 0)
      throw odataError(400, '/IWBEP/CM_MGW_RT/022', "$filter must name at least one Plant (Plant eq '...')");
    if (materials.length === 0)
      throw odataError(
        400,
        '/IWBEP/CM_MGW_RT/022',
        "$filter must name at least one Material (Material eq '...')",
      );
    if (materials.length > MAX_MATERIALS)
      throw odataError(400, '/IWBEP/CM_MGW_RT/022', `$filter may name at most ${MAX_MATERIALS} materials`);
    const results: ErpStockRow[] = [];
    for (const plant of plants) {
      for (const material of materials) {
        const level = this.world.stockAt(plant, material);
        if (!level) continue;
        results.push({
          Material: material,
          Plant: plant,
          StorageLocation: '0001',
          MaterialBaseUnit: 'EA',
          MatlWrhsStkQtyInMatlBaseUnit: odataQuantity(level.onHand),
          ReservedQuantity: odataQuantity(level.reserved),
          LastChangeDateTime: odataDate(level.lastChangedAt),
        });
      }
    }
    return { d: { results } };
  }
}
