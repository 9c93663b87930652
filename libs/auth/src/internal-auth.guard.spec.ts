import { Controller, Get, Post, Req } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { problemType } from '@omnigate/problems';
import type { FastifyRequest } from 'fastify';
import { startFastifyTestApp } from '../test/fastify-test-app';
import { CallerKeyRing } from './caller-key.ring';
import { InternalAuthGuard } from './internal-auth.guard';
import { InternalAuthModule } from './internal-auth.module';
import { callerKeyDigestsSetting } from './internal-caller-keys';
import { InternalCallers } from './internal-callers.decorator';
import { Public } from './public.decorator';

@InternalCallers('experience-storefront', 'experience-pos', 'process-orders')
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

  @Post('internal/postings')
  @InternalCallers('process-orders')
  post(@Req() request: FastifyRequest) {
    return request.principal;
  }
}

@Controller()
class UndeclaredController {
  @Get('internal/forgotten')
  forgotten() {
    return { reached: true };
  }
}

const KEYS = {
  storefront: 'svc_storefront_0123456789abcdef0123',
  pos: 'svc_pos_0123456789abcdef0123456789ab',
  ordersCurrent: 'svc_orders_current_0123456789abcdef',
  ordersNext: 'svc_orders_next_fedcba9876543210fedc',
  operator: 'svc_operator_0123456789abcdef012345',
};

describe('InternalAuthGuard', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const callers = CallerKeyRing.parse(
      callerKeyDigestsSetting({
        'experience-storefront': KEYS.storefront,
        'experience-pos': KEYS.pos,
        'process-orders': [KEYS.ordersCurrent, KEYS.ordersNext],
        operator: KEYS.operator,
      }),
    );
    app = await startFastifyTestApp(
      {
        imports: [InternalAuthModule.forRoot({ callers })],
        controllers: [ProcessProbeController, UndeclaredController],
      },
      [InternalAuthGuard],
    );
  });
  afterAll(() => app.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });
  const post = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, headers });
  const problem = (r: Awaited<ReturnType<typeof get>>) => ({ status: r.statusCode, type: r.json().type });
  const as = (key: string, more: Record<string, string> = {}) => ({ 'x-service-key': key, ...more });

  it('names the caller whose key was presented in the principal', async () => {
    const response = await get('/internal/orders', as(KEYS.pos));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      kind: 'internal',
      caller: 'experience-pos',
      clientAppId: 'experience-pos',
      scopes: [],
    });
  });

  it("accepts both of a caller's keys during a rotation", async () => {
    for (const key of [KEYS.ordersCurrent, KEYS.ordersNext]) {
      const response = await post('/internal/postings', as(key));
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ caller: 'process-orders' });
    }
  });

  it('refuses a caller the route does not name, although its key is valid', async () => {
    for (const key of [KEYS.storefront, KEYS.pos, KEYS.operator]) {
      expect(problem(await post('/internal/postings', as(key)))).toEqual({
        status: 403,
        type: problemType('internal-caller-not-allowed'),
      });
    }
    expect(problem(await get('/internal/orders', as(KEYS.operator)))).toEqual({
      status: 403,
      type: problemType('internal-caller-not-allowed'),
    });
  });

  it('refuses every caller on a route that names none', async () => {
    for (const key of Object.values(KEYS)) {
      expect(problem(await get('/internal/forgotten', as(key)))).toEqual({
        status: 403,
        type: problemType('internal-caller-not-allowed'),
      });
    }
  });

  it('trusts X-On-Behalf-Of and X-Channel from the experience apps', async () => {
    const response = await get(
      '/internal/orders',
      as(KEYS.storefront, { 'x-on-behalf-of': 'dev-storefront-web', 'x-channel': 'storefront-web' }),
    );
    expect(response.json()).toEqual({
      kind: 'internal',
      caller: 'experience-storefront',
      clientAppId: 'dev-storefront-web',
      channel: 'storefront-web',
      scopes: [],
    });
  });

  it('refuses X-On-Behalf-Of or X-Channel from any other caller', async () => {
    for (const headers of [{ 'x-on-behalf-of': 'dev-storefront-web' }, { 'x-channel': 'pos' }] as Record<
      string,
      string
    >[]) {
      const response = await post('/internal/postings', as(KEYS.ordersCurrent, headers));
      expect(problem(response)).toEqual({ status: 403, type: problemType('on-behalf-of-not-allowed') });
    }
  });

  it('answers 401 without a service key and for an unknown one', async () => {
    const missing = await get('/internal/orders');
    expect(problem(missing)).toEqual({ status: 401, type: problemType('credentials-missing') });
    expect(missing.headers['www-authenticate']).toContain('ServiceKey');
    expect(problem(await get('/internal/orders', as(KEYS.storefront.slice(0, -1))))).toEqual({
      status: 401,
      type: problemType('credentials-invalid'),
    });
  });

  it('refuses channel credentials with 403, even alongside a valid service key', async () => {
    expect(problem(await get('/internal/orders', { 'x-api-key': 'og_dev_pos_x' }))).toEqual({
      status: 403,
      type: problemType('channel-credential-refused'),
    });
    expect(
      problem(await get('/internal/orders', as(KEYS.storefront, { authorization: 'Bearer a.b.c' }))),
    ).toEqual({
      status: 403,
      type: problemType('channel-credential-refused'),
    });
  });

  it('lets public routes through', async () => {
    expect((await get('/health/ready')).statusCode).toBe(200);
  });
});
