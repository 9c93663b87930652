import { randomBytes } from 'node:crypto';
import type { AppProcess } from '../../support/app-process';
import { erpDocumentsListed } from '../../support/orders-stack';
import type { SandboxClient } from '../../support/sandbox-client';
import { startSandbox, startSystemApp, stopAll, callerHeaders } from '../../support/stack';

describe('system-erp postings', () => {
  let sandboxApp: AppProcess;
  let sandbox: SandboxClient;
  let erp: AppProcess;
  let storeId: string;
  let sku: string;
  let seeded: { stores: string[]; skus: string[] };

  beforeAll(async () => {
    ({ app: sandboxApp, sandbox } = await startSandbox());
    erp = await startSystemApp('system-erp', sandboxApp.url);
    const seed = await sandbox.seed();
    storeId = seed.stores[0].storeId;
    sku = seed.skus[0];
    seeded = { stores: seed.stores.map((s) => s.storeId), skus: seed.skus };
  });
  afterAll(() => stopAll(erp, sandboxApp));

  const posting = (postingId: string) => ({
    postingId,
    kind: 'SALE',
    storeId,
    currency: 'USD',
    occurredAt: new Date().toISOString(),
    lines: [{ sku, quantity: 2, netAmountMinor: 2598 }],
  });
  const post = (body: unknown) =>
    fetch(`${erp.url}/v1/postings`, {
      method: 'POST',
      headers: { ...callerHeaders('process-orders'), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const documentPosts = async (postingId: string) =>
    (await sandbox.calls('erp')).filter(
      (c) => c.method === 'POST' && JSON.stringify(c.body ?? '').includes(postingId),
    );

  it('fetches a new CSRF token when the old one expired, and posts the document once', async () => {
    expect((await post(posting(`pst_${randomBytes(6).toString('hex')}`))).status).toBe(200);
    await sandbox.expireErpCsrfTokens();

    const postingId = `pst_${randomBytes(6).toString('hex')}`;
    const answer = await post(posting(postingId));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      postingId,
      erpDocumentId: expect.stringMatching(/^\d+$/),
      alreadyPosted: false,
    });
    expect((await documentPosts(postingId)).map((c) => c.status)).toEqual([403, 201]);
  });

  it('answers the existing document when a posting is sent again', async () => {
    const postingId = `pst_${randomBytes(6).toString('hex')}`;
    const first = (await (await post(posting(postingId))).json()) as { erpDocumentId: string };
    const again = await post(posting(postingId));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({
      postingId,
      erpDocumentId: first.erpDocumentId,
      alreadyPosted: true,
    });
    expect((await documentPosts(postingId)).map((c) => c.status)).toEqual([201, 400]);
  });

  // The sandbox ERP checks master data as SAP does: an unknown plant or material is ZRTL/001, whose message names them.
  it.each([
    ['a store the ERP has no plant for', 'ST-0000', undefined],
    ['a sku the ERP has no material for', undefined, 'NOSUCHMATERIAL'],
  ])(
    'answers a document the ERP refuses for %s with 422 erp-document-rejected and its code, and the ERP books nothing',
    async (_what, unknownStore, unknownSku) => {
      expect([...seeded.stores, ...seeded.skus]).not.toContain(unknownStore ?? unknownSku);
      const postingId = `pst_${randomBytes(6).toString('hex')}`;
      const answer = await post({
        ...posting(postingId),
        ...(unknownStore && { storeId: unknownStore }),
        ...(unknownSku && { lines: [{ sku: unknownSku, quantity: 1, netAmountMinor: 1299 }] }),
      });
      const text = await answer.text();
      expect(answer.status).toBe(422);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.parse(text)).toMatchObject({
        type: 'https://omnigate.dev/problems/erp-document-rejected',
        status: 422,
        erpCode: 'ZRTL/001',
      });
      // Only the code crosses: the ERP's message text, which quotes the document, stays behind.
      expect(text).not.toContain((unknownStore ?? unknownSku)!);
      expect(text).not.toContain('does not exist');
      // Refused once for good: not retried, and nothing booked under the posting's reference.
      expect((await documentPosts(postingId)).map((c) => c.status)).toEqual([400]);
      expect(await erpDocumentsListed(sandbox, postingId)).toEqual([]);
    },
  );

  it('refuses an invalid posting and sends nothing to the ERP', async () => {
    const postingId = `pst_${randomBytes(6).toString('hex')}`;
    const answer = await post({
      ...posting(postingId),
      lines: [{ sku, quantity: 1.5, netAmountMinor: 10 }],
      extra: true,
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(await documentPosts(postingId)).toEqual([]);
  });
});
