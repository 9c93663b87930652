import type { CreatePostingDto } from '@omnigate/contracts';
import { toErpRetailDocument } from './erp-posting.mapper';

const sale: CreatePostingDto = {
  postingId: 'sale_po_01',
  kind: 'SALE',
  storeId: 'ST-4821',
  currency: 'EUR',
  occurredAt: '2026-11-30T10:00:00.000Z',
  reference: 'demand_po_01',
  lines: [
    { sku: '40213377', quantity: 2, netAmountMinor: 4_598 },
    { sku: '40213378', quantity: 1, netAmountMinor: 5 },
  ],
};

describe('ERP retail document mapping', () => {
  it('makes our posting id the external reference, the store the plant, and money decimal strings of the minor units', () => {
    expect(toErpRetailDocument(sale)).toEqual({
      DocumentType: 'SALE',
      ExternalReference: 'sale_po_01',
      Plant: 'ST-4821',
      Currency: 'EUR',
      DocumentDate: `/Date(${Date.parse('2026-11-30T10:00:00.000Z')})/`,
      Items: [
        { Material: '40213377', Quantity: '2.000', NetAmount: '45.98' },
        { Material: '40213378', Quantity: '1.000', NetAmount: '0.05' },
      ],
      ReferenceDocument: 'demand_po_01',
    });
  });

  it('sends a reversal with negative quantities and amounts, and no ReferenceDocument where the posting names none', () => {
    const { reference: _, ...demandReversal } = {
      ...sale,
      kind: 'DEMAND' as const,
      lines: [{ sku: '40213377', quantity: -2, netAmountMinor: -4_598 }],
    };
    const document = toErpRetailDocument(demandReversal);
    expect(document.Items).toEqual([{ Material: '40213377', Quantity: '-2.000', NetAmount: '-45.98' }]);
    expect(document).not.toHaveProperty('ReferenceDocument');
  });
});
