import { minorToDecimal } from '@omnigate/contracts';
import { toODataDate } from '../erp/erp-odata';
import type { CreatePostingDto } from '@omnigate/contracts';

/** The ERP's retail document as it is posted. */
export interface ErpRetailDocumentRequest {
  DocumentType: string;
  ExternalReference: string;
  Plant: string;
  Currency: string;
  DocumentDate: string;
  Items: { Material: string; Quantity: string; NetAmount: string }[];
  /** The external reference of the document this one consumes or reverses. */
  ReferenceDocument?: string;
}

/** The ERP's code for "a document with this external reference exists". */
export const DUPLICATE_EXTERNAL_REFERENCE = 'ZRTL/017';

/** Turns a canonical posting into the ERP's retail document; our posting id is its external reference. */
export function toErpRetailDocument(posting: CreatePostingDto): ErpRetailDocumentRequest {
  return {
    DocumentType: posting.kind,
    ExternalReference: posting.postingId,
    Plant: posting.storeId,
    Currency: posting.currency,
    DocumentDate: toODataDate(posting.occurredAt),
    Items: posting.lines.map((line) => ({
      Material: line.sku,
      Quantity: `${line.quantity}.000`,
      NetAmount: minorToDecimal(line.netAmountMinor),
    })),
    ...(posting.reference && { ReferenceDocument: posting.reference }),
  };
}
