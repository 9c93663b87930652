import { UpstreamError } from '@omnigate/problems';
import { ScriptedBackend } from '@omnigate/http-client/testing';
import { ErpClient } from './erp.client';

const TOKEN_PATH = '/API_PRODUCT_SRV/A_Product';
const DOCUMENTS = '/API_RETAIL_POSTING_SRV/A_RetailDocument';
const document = { ExternalReference: 'SALE-1' };
const created = { d: { RetailDocument: '9000000001', ExternalReference: 'SALE-1' } };
const tokenRefused = {
  error: { code: 'CSRF', message: { lang: 'en', value: 'CSRF token validation failed' } },
};

/** An ERP that hands out `tokens` in turn, one per fetch. */
function erpHanding(...tokens: string[]): ScriptedBackend {
  const backend = new ScriptedBackend('erp');
  // Scripted last-first: the first token is the first answered.
  for (const token of [...tokens].reverse())
    backend.answer(
      'GET',
      TOKEN_PATH,
      200,
      { d: { results: [] } },
      { headers: { 'x-csrf-token': token }, once: true },
    );
  return backend;
}

const tokensFetched = (backend: ScriptedBackend) => backend.callsTo('GET', TOKEN_PATH);
const postedTokens = (backend: ScriptedBackend) =>
  backend.callsTo('POST', DOCUMENTS).map((c) => c.headers?.['x-csrf-token']);

describe('ErpClient writes (CSRF)', () => {
  it('fetches a token once and sends it with every write', async () => {
    const backend = erpHanding('tok-1').answer('POST', DOCUMENTS, 201, created);
    const erp = new ErpClient(backend.asClient());

    await expect(erp.post('post retail document', DOCUMENTS, document)).resolves.toMatchObject({
      status: 201,
      data: created,
    });
    await erp.post('post retail document', DOCUMENTS, document);

    expect(tokensFetched(backend)).toHaveLength(1);
    expect(tokensFetched(backend)[0].headers).toEqual({ 'x-csrf-token': 'Fetch' });
    expect(postedTokens(backend)).toEqual(['tok-1', 'tok-1']);
    expect(backend.callsTo('POST', DOCUMENTS).every((c) => c.idempotent === false)).toBe(true);
  });

  it('renews an expired token and sends the write once more, with the new token', async () => {
    const backend = erpHanding('tok-1', 'tok-2')
      .answer('POST', DOCUMENTS, 201, created)
      .answer('POST', DOCUMENTS, 403, tokenRefused, { headers: { 'x-csrf-token': 'Required' }, once: true });
    const erp = new ErpClient(backend.asClient());

    await expect(erp.post('post retail document', DOCUMENTS, document)).resolves.toMatchObject({
      status: 201,
      data: created,
    });

    expect(tokensFetched(backend)).toHaveLength(2);
    expect(postedTokens(backend)).toEqual(['tok-1', 'tok-2']);
  });

  it('sends a write at most twice: a second CSRF refusal is an error, not a loop', async () => {
    const backend = erpHanding('tok-1', 'tok-2').answer('POST', DOCUMENTS, 403, tokenRefused, {
      headers: { 'x-csrf-token': 'Required' },
    });
    const erp = new ErpClient(backend.asClient());

    await expect(erp.post('post retail document', DOCUMENTS, document)).rejects.toBeInstanceOf(UpstreamError);
    expect(postedTokens(backend)).toEqual(['tok-1', 'tok-2']);
  });

  it('answers a 403 that is not about the token as it came, without renewing', async () => {
    const backend = erpHanding('tok-1', 'tok-2').answer('POST', DOCUMENTS, 403, {
      error: { code: 'AUTH', message: { lang: 'en', value: 'no authorization' } },
    });
    const erp = new ErpClient(backend.asClient());

    await expect(erp.post('post retail document', DOCUMENTS, document)).resolves.toMatchObject({
      status: 403,
    });
    expect(tokensFetched(backend)).toHaveLength(1);
    expect(postedTokens(backend)).toEqual(['tok-1']);
  });

  it('does not keep a failed token fetch: the next write asks again', async () => {
    const backend = erpHanding('tok-2')
      .answer('GET', TOKEN_PATH, 503, 'unavailable', { once: true })
      .answer('POST', DOCUMENTS, 201, created);
    const erp = new ErpClient(backend.asClient());

    await expect(erp.post('post retail document', DOCUMENTS, document)).rejects.toBeInstanceOf(UpstreamError);
    expect(backend.callsTo('POST', DOCUMENTS)).toHaveLength(0);

    await expect(erp.post('post retail document', DOCUMENTS, document)).resolves.toMatchObject({
      status: 201,
    });
    expect(postedTokens(backend)).toEqual(['tok-2']);
  });
});
