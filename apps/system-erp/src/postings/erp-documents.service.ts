import { Injectable } from '@nestjs/common';
import type { ErpDocumentDto } from '@omnigate/contracts';
import { ErpClient } from '../erp/erp.client';
import { type ODataCollection, odataLiteral } from '../erp/erp-odata';
import { type ErpRetailDocumentEntity, toErpDocument } from './erp-document.mapper';

const DOCUMENTS_PATH = '/API_RETAIL_POSTING_SRV/A_RetailDocument';

/** Reads back the retail documents the ERP holds: by our posting ids, or a store's documents of one day. */
@Injectable()
export class ErpDocumentsService {
  constructor(private readonly erp: ErpClient) {}

  async byPostingIds(postingIds: string[]): Promise<ErpDocumentDto[]> {
    const filter = postingIds.map((id) => `ExternalReference eq ${odataLiteral(id)}`).join(' or ');
    return this.find('read retail documents', filter);
  }

  /** The store's documents dated on `documentDate` (a UTC day). */
  async byStoreAndDate(storeId: string, documentDate: string): Promise<ErpDocumentDto[]> {
    const next = new Date(Date.parse(`${documentDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const filter = `Plant eq ${odataLiteral(storeId)} and DocumentDate ge datetime'${documentDate}T00:00:00' and DocumentDate lt datetime'${next}T00:00:00'`;
    return this.find("read a store's retail documents", filter);
  }

  private async find(operation: string, filter: string): Promise<ErpDocumentDto[]> {
    const response = await this.erp.get<ODataCollection<ErpRetailDocumentEntity>>(operation, DOCUMENTS_PATH, {
      $filter: filter,
    });
    return response.data.d.results.map(toErpDocument);
  }
}
