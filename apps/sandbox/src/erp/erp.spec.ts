import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  changeFaults,
  clockOf,
  resetSandbox,
  startSandbox,
  type SeedSummary,
} from '../sandbox-test-app.fixture';

const ROOT = '/erp/sap/opu/odata/sap';
const DOCUMENTS = `${ROOT}/API_RETAIL_POSTING_SRV/A_RetailDocument`;

describe('the simulated ERP', () => {
  let app: NestFastifyApplication;
  let seed: SeedSummary;

  beforeAll(async () => {
    app = await startSandbox();
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    seed = await resetSandbox(app);
  });

  async function fetchToken(): Promise<string> {
    const answer = await app.inject({
      method: 'GET',
      url: `${ROOT}/API_PRODUCT_SRV/A_Product?$top=1`,
      headers: { 'x-csrf-token': 'Fetch' },
    });
    return answer.headers['x-csrf-token'] as string;
  }

  function saleDocument(externalReference: string) {
    return {
      DocumentType: 'SALE',
      ExternalReference: externalReference,
      Plant: seed.stores[0].storeId,
      Currency: 'USD',
      DocumentDate: '/Date(1700000000000)/',
      Items: [{ Material: seed.skus[0], Quantity: '2.000', NetAmount: '25.98' }],
    };
  }

  function post(body: object, token?: string) {
    return app.inject({
      method: 'POST',
      url: DOCUMENTS,
      payload: body,
      headers: token ? { 'x-csrf-token': token } : {},
    });
  }

  it('reads a product in its OData envelope and answers an unknown one with an OData 404', async () => {
    const sku = seed.skus[5];
    const found = await app.inject({ method: 'GET', url: `${ROOT}/API_PRODUCT_SRV/A_Product('${sku}')` });
    expect(found.statusCode).toBe(200);
    expect(found.json().d).toMatchObject({
      __metadata: { type: 'API_PRODUCT_SRV.A_ProductType' },
      Product: sku,
      BaseUnit: 'EA',
      ProductStandardID: expect.stringMatching(/^\d{13}$/),
      LastChangeDateTime: expect.stringMatching(/^\/Date\(\d+\)\/$/),
    });

    const missing = await app.inject({ method: 'GET', url: `${ROOT}/API_PRODUCT_SRV/A_Product('00000000')` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      error: { code: expect.any(String), message: { lang: 'en', value: expect.any(String) } },
    });
  });

  it('pages products 100 at a time by default and never more than 500', async () => {
    const first = await app.inject({ method: 'GET', url: `${ROOT}/API_PRODUCT_SRV/A_Product` });
    expect(first.json().d.results).toHaveLength(100);
    const capped = await app.inject({
      method: 'GET',
      url: `${ROOT}/API_PRODUCT_SRV/A_Product?$top=900&$skip=1`,
    });
    const results = capped.json().d.results;
    expect(results).toHaveLength(500);
    expect(results[0].Product).toBe(seed.skus[1]);
  });

  it('reads stock as decimal strings and leaves out what the plant does not carry', async () => {
    const storeId = seed.stores[2].storeId;
    const materials = seed.skus.slice(0, 30);
    const filter = `Plant eq '${storeId}' and (${materials.map((m) => `Material eq '${m}'`).join(' or ')})`;
    const answer = await app.inject({
      method: 'GET',
      url: `${ROOT}/API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod?$filter=${encodeURIComponent(filter)}`,
    });
    const rows = answer.json().d.results;
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(30);
    expect(rows[0]).toEqual({
      Material: expect.any(String),
      Plant: storeId,
      StorageLocation: '0001',
      MaterialBaseUnit: 'EA',
      MatlWrhsStkQtyInMatlBaseUnit: expect.stringMatching(/^\d+\.000$/),
      ReservedQuantity: '0.000',
      LastChangeDateTime: expect.stringMatching(/^\/Date\(\d+\)\/$/),
    });
  });

  it('refuses a stock read that names no plant', async () => {
    const filter = encodeURIComponent(`Material eq '${seed.skus[0]}'`);
    const answer = await app.inject({
      method: 'GET',
      url: `${ROOT}/API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod?$filter=${filter}`,
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.message.lang).toBe('en');
  });

  it('refuses a post without a CSRF token, then accepts it with a fetched one', async () => {
    const refused = await post(saleDocument('SALE-1'));
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['x-csrf-token']).toBe('Required');
    expect(refused.json().error.code).toBeDefined();

    const token = await fetchToken();
    expect(token).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
    const posted = await post(saleDocument('SALE-1'), token);
    expect(posted.statusCode).toBe(201);
    expect(posted.json().d).toEqual({
      RetailDocument: expect.stringMatching(/^90\d{8}$/),
      ExternalReference: 'SALE-1',
      DocumentType: 'SALE',
      Plant: seed.stores[0].storeId,
      CreatedAt: expect.stringMatching(/^\/Date\(\d+\)\/$/),
    });
  });

  it('expires tokens after csrfTtlMs', async () => {
    await changeFaults(app, 'erp', { csrfTtlMs: 50 });
    const token = await fetchToken();
    clockOf(app).advance(50);
    const refused = await post(saleDocument('SALE-2'), token);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['x-csrf-token']).toBe('Required');
  });

  it('expires every token at once when told to', async () => {
    const token = await fetchToken();
    const expired = await app.inject({ method: 'POST', url: '/_admin/erp/csrf/expire' });
    expect(expired.json()).toEqual({ expired: 1 });
    expect((await post(saleDocument('SALE-3'), token)).statusCode).toBe(403);
    expect((await post(saleDocument('SALE-3'), await fetchToken())).statusCode).toBe(201);
  });

  it('refuses a second document with the same external reference and names the first', async () => {
    const token = await fetchToken();
    const first = (await post(saleDocument('SALE-4'), token)).json().d.RetailDocument;
    const second = await post({ ...saleDocument('SALE-4'), DocumentType: 'CREDIT_MEMO' }, token);
    expect(second.statusCode).toBe(400);
    expect(second.json()).toEqual({
      error: {
        code: 'ZRTL/017',
        message: { lang: 'en', value: `Document with external reference SALE-4 already exists as ${first}` },
        innererror: { existingDocument: first },
      },
    });
    const found = await app.inject({
      method: 'GET',
      url: `${DOCUMENTS}?$filter=${encodeURIComponent("ExternalReference eq 'SALE-4'")}`,
    });
    expect(
      found
        .json()
        .d.results.map((d: { RetailDocument: string; DocumentType: string }) => [
          d.RetailDocument,
          d.DocumentType,
        ]),
    ).toEqual([[first, 'SALE']]);
  });

  it("lists a plant's documents dated in a range, and nothing of another plant or date", async () => {
    const token = await fetchToken();
    const dated = (ref: string, ms: number, plant = seed.stores[0].storeId) =>
      post({ ...saleDocument(ref), Plant: plant, DocumentDate: `/Date(${ms})/` }, token);
    const day = Date.parse('2026-11-30T00:00:00Z');
    await dated('DAY-1', day);
    await dated('DAY-2', day + 86_399_999);
    await dated('NEXT-DAY', day + 86_400_000);
    await dated('OTHER-PLANT', day + 1000, seed.stores[1].storeId);
    const filter = `Plant eq '${seed.stores[0].storeId}' and DocumentDate ge datetime'2026-11-30T00:00:00' and DocumentDate lt datetime'2026-12-01T00:00:00'`;
    const listed = await app.inject({
      method: 'GET',
      url: `${DOCUMENTS}?$filter=${encodeURIComponent(filter)}`,
    });
    expect(listed.statusCode).toBe(200);
    expect(
      listed
        .json()
        .d.results.map((d: { ExternalReference: string }) => d.ExternalReference)
        .sort(),
    ).toEqual(['DAY-1', 'DAY-2']);
    const noRange = await app.inject({
      method: 'GET',
      url: `${DOCUMENTS}?$filter=${encodeURIComponent(`Plant eq '${seed.stores[0].storeId}'`)}`,
    });
    expect(noRange.statusCode).toBe(400);
  });

  it('acknowledges and forgets the next loseDocuments documents, then keeps the rest', async () => {
    await changeFaults(app, 'erp', { loseDocuments: 1 });
    const token = await fetchToken();
    const lost = await post(saleDocument('LOST-1'), token);
    expect(lost.statusCode).toBe(201);
    expect(lost.json().d.RetailDocument).toMatch(/^90\d{8}$/);
    expect((await post(saleDocument('KEPT-1'), token)).statusCode).toBe(201);
    const filter = "ExternalReference eq 'LOST-1' or ExternalReference eq 'KEPT-1'";
    const found = await app.inject({
      method: 'GET',
      url: `${DOCUMENTS}?$filter=${encodeURIComponent(filter)}`,
    });
    expect(found.json().d.results.map((d: { ExternalReference: string }) => d.ExternalReference)).toEqual([
      'KEPT-1',
    ]);
    expect((await app.inject({ method: 'GET', url: '/_admin/faults' })).json().erp.loseDocuments).toBe(0);
  });

  it('refuses an invalid document with ZRTL/001', async () => {
    const token = await fetchToken();
    const badQuantity = {
      ...saleDocument('SALE-5'),
      Items: [{ Material: seed.skus[0], Quantity: 'two', NetAmount: '1.00' }],
    };
    const unknownPlant = { ...saleDocument('SALE-6'), Plant: 'ST-0000' };
    for (const body of [badQuantity, unknownPlant, { ...saleDocument(''), ExternalReference: '' }]) {
      const answer = await post(body, token);
      expect(answer.statusCode).toBe(400);
      expect(answer.json().error.code).toBe('ZRTL/001');
    }
  });

  describe('when a committed document loses its answer', () => {
    let url: string;
    beforeAll(async () => {
      // A dropped connection needs a real socket: listen on a free port for these.
      await app.listen(0, '127.0.0.1');
      url = await app.getUrl();
    });

    const postOverHttp = async (body: object, signal?: AbortSignal) =>
      fetch(`${url}${DOCUMENTS}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': await fetchToken() },
        body: JSON.stringify(body),
        signal,
      });
    const documentsOf = async (reference: string) =>
      (
        await app.inject({
          method: 'GET',
          url: `${DOCUMENTS}?$filter=${encodeURIComponent(`ExternalReference eq '${reference}'`)}`,
        })
      ).json().d.results as { RetailDocument: string }[];
    const lostCalls = async () =>
      (await app.inject({ method: 'GET', url: '/_admin/calls?operation=POST%20A_RetailDocument' }))
        .json()
        .calls.map((c: { status: number; replyLost?: true }) => [c.status, c.replyLost ?? false]);

    it('drops the connection of the next committed write and keeps the document', async () => {
      await changeFaults(app, 'erp', { lostReplies: 1, lostReplyMode: 'drop' });
      await expect(postOverHttp(saleDocument('SALE-7'))).rejects.toThrow('fetch failed');

      const [kept] = await documentsOf('SALE-7');
      expect(kept.RetailDocument).toMatch(/^90\d{8}$/);
      const again = await postOverHttp(saleDocument('SALE-7'));
      expect(again.status).toBe(400);
      expect(((await again.json()) as { error: { innererror: unknown } }).error.innererror).toEqual({
        existingDocument: kept.RetailDocument,
      });
      expect(await lostCalls()).toEqual([
        [201, true],
        [400, false],
      ]);
      expect((await app.inject({ method: 'GET', url: '/_admin/faults' })).json().erp.lostReplies).toBe(0);
    });

    it('answers the next committed write only after the caller gave up', async () => {
      await changeFaults(app, 'erp', { lostReplies: 1, lostReplyMode: 'late', lostReplyDelayMs: 1_000 });
      await expect(postOverHttp(saleDocument('SALE-8'), AbortSignal.timeout(200))).rejects.toThrow(
        'The operation was aborted due to timeout',
      );
      expect(await documentsOf('SALE-8')).toHaveLength(1);
      // The answer still goes out, late, and is recorded then.
      while ((await lostCalls()).length === 0) await sleep(50);
      expect(await lostCalls()).toEqual([[201, true]]);
    });

    it('keeps the answers of reads and of refused writes', async () => {
      await changeFaults(app, 'erp', { lostReplies: 1, lostReplyMode: 'drop' });
      expect((await fetch(`${url}${ROOT}/API_PRODUCT_SRV/A_Product?$top=1`)).status).toBe(200);
      expect((await postOverHttp({ ...saleDocument('SALE-9'), Plant: 'ST-0000' })).status).toBe(400);
      expect((await app.inject({ method: 'GET', url: '/_admin/faults' })).json().erp.lostReplies).toBe(1);
    });
  });
});
