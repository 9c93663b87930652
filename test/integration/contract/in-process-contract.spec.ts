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
    // The security headers helmet used to set, on every answer, problems included.
    expect(answer.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
    });
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
