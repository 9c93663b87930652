import { Controller, Get, Req } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { problemType } from '@omnigate/problems';
import type { FastifyRequest } from 'fastify';
import { startFastifyTestApp } from '../test/fastify-test-app';
import { InternalAuthGuard } from './internal-auth.guard';
import { InternalAuthModule } from './internal-auth.module';
import { parseServiceKeys } from './internal-auth.options';
import { Public } from './public.decorator';

@Controller()
class ProcessProbeController {
  @Public()
  @Get('health/ready')
  ready() {
    return { status: 'ok' };
  }

  @Get('internal/orders')
  orders(@Req() request: FastifyRequest) {
    return request.principal;
  }
}

const CURRENT = 'svc_current_0123456789abcdef0123';
const NEXT = 'svc_next_fedcba9876543210fedcba98';

describe('InternalAuthGuard', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startFastifyTestApp(
      { imports: [InternalAuthModule.forRoot({ serviceKeys: parseServiceKeys(`${CURRENT}, ${NEXT}`) })], controllers: [ProcessProbeController] },
      [InternalAuthGuard],
    );
  });
  afterAll(() => app.close());

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  const problem = (r: Awaited<ReturnType<typeof get>>) => ({ status: r.statusCode, type: r.json().type });

  it('accepts both service keys during a rotation and marks the principal internal', async () => {
    for (const key of [CURRENT, NEXT]) {
      const response = await get('/internal/orders', { 'x-service-key': key });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ kind: 'internal', clientAppId: 'internal-service', scopes: [] });
    }
  });

  it('answers 401 without a service key and for a wrong one', async () => {
    expect(problem(await get('/internal/orders'))).toEqual({ status: 401, type: problemType('credentials-missing') });
    expect(problem(await get('/internal/orders', { 'x-service-key': CURRENT.slice(0, -1) }))).toEqual({ status: 401, type: problemType('credentials-invalid') });
  });

  it('refuses channel credentials with 403, even alongside a valid service key', async () => {
    expect(problem(await get('/internal/orders', { 'x-api-key': 'og_dev_pos_x' }))).toEqual({ status: 403, type: problemType('channel-credential-refused') });
    expect(problem(await get('/internal/orders', { authorization: 'Bearer a.b.c', 'x-service-key': CURRENT }))).toEqual({
      status: 403,
      type: problemType('channel-credential-refused'),
    });
  });

  it('lets public routes through', async () => {
    expect((await get('/health/ready')).statusCode).toBe(200);
  });

  it('refuses to start with a short or missing key', () => {
    expect(() => parseServiceKeys('short')).toThrow('INTERNAL_SERVICE_KEYS');
    expect(() => parseServiceKeys(' , ')).toThrow('INTERNAL_SERVICE_KEYS');
  });
});
