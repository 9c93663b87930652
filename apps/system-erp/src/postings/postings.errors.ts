import { DomainError } from '@omnigate/problems';

/** The ERP rejected the document itself (unknown plant or material, bad lines): sending it again cannot help. */
export class ErpDocumentRejected extends DomainError {
  readonly type = 'erp-document-rejected';
  override readonly kind = 'unprocessable';
  override readonly extensions: Record<string, unknown>;
  constructor(erpCode: string) {
    super('The ERP rejected the document');
    // The code only: the ERP's message text may quote what was posted.
    this.extensions = { erpCode };
  }
}
