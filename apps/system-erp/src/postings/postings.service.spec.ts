import { ScriptedBackend } from '@omnigate/http-client/testing';
import type { CreatePostingDto } from '@omnigate/contracts';
import { ErpClient } from '../erp/erp.client';
import { DUPLICATE_EXTERNAL_REFERENCE } from './erp-posting.mapper';
import { ErpDocumentRejected } from './postings.errors';
import { PostingsService } from './postings.service';

const TOKEN_PATH = '/API_PRODUCT_SRV/A_Product';
const DOCUMENTS = '/API_RETAIL_POSTING_SRV/A_RetailDocument';
const posting: CreatePostingDto = {
  postingId: 'demand_po_01',
  kind: 'DEMAND',
  storeId: 'ST-4821',
  currency: 'EUR',
  occurredAt: '2026-11-30T10:00:00.000Z',
  lines: [{ sku: '40213377', quantity: 1, netAmountMinor: 2_299 }],
};

/** An ERP that hands out a CSRF token and answers the document POST as scripted. */
function erpAnswering(status: number, body: unknown): ScriptedBackend {
  return new ScriptedBackend('erp')
    .answer('GET', TOKEN_PATH, 200, { d: { results: [] } }, { headers: { 'x-csrf-token': 'tok-1' } })
    .answer('POST', DOCUMENTS, status, body);
}
const postingsOver = (backend: ScriptedBackend) => new PostingsService(new ErpClient(backend.asClient()));
const odataError = (code: string, innererror?: Record<string, unknown>) => ({
  error: { code, message: { lang: 'en', value: 'refused' }, ...(innererror && { innererror }) },
});

describe('PostingsService', () => {
  it("posts the retail document once, unretried, and answers the ERP's document id", async () => {
    const backend = erpAnswering(201, {
      d: { RetailDocument: '9000000001', ExternalReference: 'demand_po_01' },
    });
    await expect(postingsOver(backend).post(posting)).resolves.toEqual({
      postingId: 'demand_po_01',
      erpDocumentId: '9000000001',
      alreadyPosted: false,
    });
    const posts = backend.callsTo('POST', DOCUMENTS);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      idempotent: false,
      body: { ExternalReference: 'demand_po_01', Plant: 'ST-4821' },
    });
  });

  it('answers a duplicate external reference as the earlier document, already posted', async () => {
    const backend = erpAnswering(
      400,
      odataError(DUPLICATE_EXTERNAL_REFERENCE, { existingDocument: '9000000042' }),
    );
    await expect(postingsOver(backend).post(posting)).resolves.toEqual({
      postingId: 'demand_po_01',
      erpDocumentId: '9000000042',
      alreadyPosted: true,
    });
  });

  it('refuses any other rejection of the document as final, naming only the ERP code', async () => {
    const backend = erpAnswering(400, odataError('ZRTL/004'));
    const error = await postingsOver(backend)
      .post(posting)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErpDocumentRejected);
    expect((error as ErpDocumentRejected).extensions).toEqual({ erpCode: 'ZRTL/004' });
    expect(backend.callsTo('POST', DOCUMENTS)).toHaveLength(1);
  });
});
