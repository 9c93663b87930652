import { decimalToMinor, type ErpDocumentDto, type PostingKind } from '@omnigate/contracts';
import { fromODataDate } from '../erp/erp-odata';

/** A retail document as the ERP's `GET A_RetailDocument` returns it. */
export interface ErpRetailDocumentEntity {
  RetailDocument: string;
  ExternalReference: string;
  DocumentType: string;
  Plant: string;
  Currency: string;
  DocumentDate: string;
  Items: { results: { Material: string; Quantity: string; NetAmount: string }[] };
  ReferenceDocument?: string;
}

/** Turns the ERP's retail document into the canonical one; its external reference is our posting id. */
export function toErpDocument(entity: ErpRetailDocumentEntity): ErpDocumentDto {
  const lines = entity.Items.results.map((item) => ({
    sku: item.Material,
    quantity: Math.round(Number(item.Quantity)),
    netAmountMinor: decimalToMinor(item.NetAmount),
  }));
  return {
    erpDocumentId: entity.RetailDocument,
    postingId: entity.ExternalReference,
    kind: entity.DocumentType as PostingKind,
    storeId: entity.Plant,
    currency: entity.Currency,
    documentDate: fromODataDate(entity.DocumentDate),
    totalMinor: lines.reduce((sum, line) => sum + line.netAmountMinor, 0),
    lines,
    ...(entity.ReferenceDocument && { reference: entity.ReferenceDocument }),
  };
}
