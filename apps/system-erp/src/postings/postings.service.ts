import { Injectable } from '@nestjs/common';
import { ErpClient } from '../erp/erp.client';
import type { ODataEntity, ODataError } from '../erp/erp-odata';
import { DUPLICATE_EXTERNAL_REFERENCE, toErpRetailDocument } from './erp-posting.mapper';
import { ErpDocumentRejected } from './postings.errors';
import type { CreatePostingDto, PostingReceipt } from '@omnigate/contracts';

/** Creates ERP retail documents, at most once per posting id. */
@Injectable()
export class PostingsService {
  constructor(private readonly erp: ErpClient) {}

  /**
   * Posts the document; the ERP's refusal of a duplicate external reference means an earlier attempt
   * landed, any other refusal of the document is final (422 erp-document-rejected).
   */
  async post(posting: CreatePostingDto): Promise<PostingReceipt> {
    const response = await this.erp.post<ODataEntity<{ RetailDocument: string }> | ODataError>(
      'post retail document',
      '/API_RETAIL_POSTING_SRV/A_RetailDocument',
      toErpRetailDocument(posting),
      [400],
    );
    if (response.status !== 400) {
      const created = response.data as ODataEntity<{ RetailDocument: string }>;
      return { postingId: posting.postingId, erpDocumentId: created.d.RetailDocument, alreadyPosted: false };
    }
    const { error } = response.data as ODataError;
    if (error.code === DUPLICATE_EXTERNAL_REFERENCE) {
      return {
        postingId: posting.postingId,
        erpDocumentId: String(error.innererror?.existingDocument),
        alreadyPosted: true,
      };
    }
    throw new ErpDocumentRejected(error.code);
  }
}
