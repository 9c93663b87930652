import { toInventoryPosition } from './erp-stock.mapper';

const row = {
  Material: '40213377',
  Plant: 'ST-4821',
  MatlWrhsStkQtyInMatlBaseUnit: '12.000',
  ReservedQuantity: '5.000',
  LastChangeDateTime: '/Date(1763900000000)/',
};

describe('ERP stock mapping', () => {
  it('turns a stock row into the canonical position: what is reserved is not available', () => {
    expect(toInventoryPosition(row)).toEqual({
      sku: '40213377',
      locationId: 'ST-4821',
      onHand: 12,
      reserved: 5,
      available: 7,
      asOf: new Date(1_763_900_000_000).toISOString(),
    });
  });

  it('reads a row without ReservedQuantity as nothing reserved', () => {
    const { ReservedQuantity: _, ...unreserved } = row;
    expect(toInventoryPosition(unreserved)).toMatchObject({ onHand: 12, reserved: 0, available: 12 });
  });

  it('never answers negative availability when the ERP reserved more than it has on hand', () => {
    expect(
      toInventoryPosition({ ...row, MatlWrhsStkQtyInMatlBaseUnit: '3.000', ReservedQuantity: '4.000' }),
    ).toMatchObject({
      onHand: 3,
      reserved: 4,
      available: 0,
    });
  });

  it('counts whole units only, and a negative quantity as none', () => {
    expect(
      toInventoryPosition({ ...row, MatlWrhsStkQtyInMatlBaseUnit: '7.900', ReservedQuantity: '-2.000' }),
    ).toMatchObject({
      onHand: 7,
      reserved: 0,
      available: 7,
    });
  });
});
