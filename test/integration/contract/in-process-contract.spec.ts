import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createHttpApp } from '@omnigate/server';
import { DOCUMENTED_APPS } from '../../../scripts/openapi-documents';

/**
 * Each app, built in process exactly as its main builds it (no listening port, no backend), keeps
 * the HTTP contract every caller relies on: health answers, its OpenAPI document is served, and
 * what it refuses it refuses with problem+json before any work (no credentials, unknown routes).
 */
const APPS = Object.keys(DOCUMENTED_APPS);
/** The apps only other apps call: their API answers carry no browser security headers. */
const INTERNAL_APIS = ['system-erp', 'system-pos', 'system-loyalty', 'system-oms', 'process-orders'];
/** Some of the security headers helmet used to set. */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};
const PROTECTED_READ: Record<string, string> = {
  'system-erp': '/v1/products/55592108',
  'system-pos': '/v1/stores',
  'system-loyalty': '/v1/members/6042685219730',
  'system-oms': '/v1/reservations/RS0000000000',
  'process-orders': '/v1/pickup-orders/po_8Qm3xT0aLk2VbN7c',
  'experience-storefront': '/v1/stores/ST-6930/availability?skus=55592108',
  'experience-pos': '/v1/stores/ST-6930/prices?skus=55592108',
  'control-tower': '/api/queues',
};

describe.each(APPS)('%s in process', (name) => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createHttpApp(DOCUMENTED_APPS[name]());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app?.close());

  it('answers its liveness probe', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
  });

  it('serves its OpenAPI document', async () => {
    const answer = await request(app.getHttpServer())
      .get('/docs-json')
      .expect(200)
      .expect('content-type', /application\/json/);
    expect(answer.body.openapi).toMatch(/^3\./);
    expect(Object.keys(answer.body.paths).length).toBeGreaterThan(0);
  });

  it('answers an unknown route 404 with a problem', async () => {
    const answer = await request(app.getHttpServer())
      .get('/v1/no-such-route')
      .expect(404)
      .expect('content-type', /application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 404, correlationId: expect.any(String) });
    // The security headers helmet used to set: on every answer of an app a browser reaches,
    // problems included; an internal API's JSON goes to other apps only.
    if (INTERNAL_APIS.includes(name))
      for (const header of Object.keys(SECURITY_HEADERS)) expect(answer.headers).not.toHaveProperty(header);
    else expect(answer.headers).toMatchObject(SECURITY_HEADERS);
  });

  it('serves its docs page with the security headers', async () => {
    const answer = await request(app.getHttpServer()).get('/docs').redirects(1).expect(200);
    expect(answer.headers['content-type']).toMatch(/text\/html/);
    expect(answer.headers).toMatchObject(SECURITY_HEADERS);
  });

  if (name in PROTECTED_READ) {
    it('refuses a caller without credentials 401 with a problem and a challenge', async () => {
      const answer = await request(app.getHttpServer())
        .get(PROTECTED_READ[name])
        .expect(401)
        .expect('content-type', /application\/problem\+json/)
        .expect('www-authenticate', /realm="omnigate/);
      expect(answer.body).toMatchObject({
        type: 'https://omnigate.dev/problems/credentials-missing',
        status: 401,
      });
    });
  }
});
