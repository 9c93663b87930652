import { randomBytes } from 'node:crypto';
import type { AppProcess } from '../../support/app-process';
import type { SandboxClient } from '../../support/sandbox-client';
import { startSandbox, startSystemApp, stopAll, callerHeaders } from '../../support/stack';

describe('system-erp postings', () => {
  let sandboxApp: AppProcess;
  let sandbox: SandboxClient;
  let erp: AppProcess;
  let storeId: string;
  let sku: string;

  beforeAll(async () => {
    ({ app: sandboxApp, sandbox } = await startSandbox());
    erp = await startSystemApp('system-erp', sandboxApp.url);
    const seed = await sandbox.seed();
    storeId = seed.stores[0].storeId;
    sku = seed.skus[0];
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
