import { Body, Controller, Injectable, Module, Param, Post, Res } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { FastifyReply, FastifyRequest } from 'fastify';
import pino from 'pino';
import { Idempotent, IdempotencyModule, idempotencyMigrations } from '@omnigate/idempotency';
import { PersistenceModule } from '@omnigate/persistence';
import { DomainError, ProblemFilter } from '@omnigate/problems';
import { BACKENDS, dropSchemas, POSTGRES_URL, uniqueSchema } from './test-databases';

class InsufficientStock extends DomainError {
  readonly type = 'insufficient-stock';
  override readonly kind = 'conflict';
  constructor() {
    super('Not enough stock at the store');
  }
}

/** Counts how often each handler really ran. */
@Injectable()
class HandlerRuns {
  readonly count = new Map<string, number>();
  next(route: string): number {
    const n = (this.count.get(route) ?? 0) + 1;
    this.count.set(route, n);
    return n;
  }
}

@Controller('v1/pickup-orders')
class PickupOrdersController {
  constructor(private readonly runs: HandlerRuns) {}

  @Post()
  @Idempotent()
  place(@Body() body: { storeId: string }, @Res({ passthrough: true }) reply: FastifyReply) {
    const orderId = `order-${this.runs.next('place')}`;
    void reply.header('location', `/v1/pickup-orders/${orderId}`);
    return { orderId, storeId: body.storeId, state: 'PLACED' };
  }

  @Post(':orderId/cancel')
  @Idempotent()
  async cancel(@Param('orderId') orderId: string) {
    this.runs.next('cancel');
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { orderId, state: 'CANCELLED' };
  }

  @Post('out-of-stock')
  @Idempotent()
  outOfStock() {
    this.runs.next('out-of-stock');
    throw new InsufficientStock();
  }

  @Post('flaky')
  @Idempotent()
  flaky() {
    if (this.runs.next('flaky') === 1) throw new Error('OMS connection reset');
    return { orderId: 'order-flaky', state: 'PLACED' };
  }
}

describe.each(BACKENDS)('IdempotencyInterceptor on %s', (backend) => {
  const schema = uniqueSchema('idem_http');
  let app: NestFastifyApplication;
  let runs: HandlerRuns;

  beforeAll(async () => {
    @Module({
      imports: [
        PersistenceModule.forRoot({
          database: backend === 'postgres' ? { databaseUrl: POSTGRES_URL, schema } : { schema },
          migrations: idempotencyMigrations,
        }),
        IdempotencyModule.forRoot({ ttlHours: 24 }),
      ],
      controllers: [PickupOrdersController],
      providers: [HandlerRuns],
    })
    class PickupOrdersTestModule {}

    const moduleRef = await Test.createTestingModule({ imports: [PickupOrdersTestModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    app.useGlobalFilters(new ProblemFilter(pino({ enabled: false })));
    // Stands in for the auth guard, which sets the calling client app on the request.
    app.getHttpAdapter().getInstance().addHook('onRequest', async (request: FastifyRequest) => {
      const clientAppId = request.headers['x-test-client-app'];
      if (typeof clientAppId === 'string') Object.assign(request, { principal: { clientAppId } });
    });
    app.enableShutdownHooks();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    runs = app.get(HandlerRuns);
  });
  afterAll(async () => {
    await app.close();
    await dropSchemas(backend, schema);
  });

  const post = (url: string, key: string | undefined, payload: object = {}, clientApp = 'pos-app') =>
    app.inject({
      method: 'POST',
      url,
      payload,
      headers: { 'x-test-client-app': clientApp, ...(key === undefined ? {} : { 'idempotency-key': key }) },
    });

  it('runs a retried request once and answers the retry with the identical stored answer', async () => {
    const first = await post('/v1/pickup-orders', `${backend}-place-1`, { storeId: 's-1' });
    const retry = await post('/v1/pickup-orders', `${backend}-place-1`, { storeId: 's-1' });

    expect(runs.count.get('place')).toBe(1);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers['content-type']).toBe(first.headers['content-type']);
    expect(retry.json()).toEqual(first.json());
  });

  it('refuses the same key with another payload (422) and does not run the handler', async () => {
    await post('/v1/pickup-orders', `${backend}-place-2`, { storeId: 's-1' });
    const before = runs.count.get('place');
    const reused = await post('/v1/pickup-orders', `${backend}-place-2`, { storeId: 's-2' });

    expect(reused.statusCode).toBe(422);
    expect(reused.json().type).toMatch(/idempotency-key-reused$/);
    expect(runs.count.get('place')).toBe(before);
  });

  it('refuses a write without an Idempotency-Key (400) and does not run the handler', async () => {
    const before = runs.count.get('place') ?? 0;
    const missing = await post('/v1/pickup-orders', undefined, { storeId: 's-1' });
    const tooLong = await post('/v1/pickup-orders', 'k'.repeat(256), { storeId: 's-1' });

    expect(missing.statusCode).toBe(400);
    expect(missing.json().type).toMatch(/idempotency-key-missing$/);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().type).toMatch(/idempotency-key-invalid$/);
    expect(runs.count.get('place') ?? 0).toBe(before);
  });

  it('answers 409 to a concurrent request with the same key while the first is running', async () => {
    const [a, b] = await Promise.all([
      post('/v1/pickup-orders/o-9/cancel', `${backend}-cancel-1`),
      new Promise((resolve) => setTimeout(resolve, 50)).then(() => post('/v1/pickup-orders/o-9/cancel', `${backend}-cancel-1`)),
    ]);

    expect([a.statusCode, b.statusCode]).toEqual([201, 409]);
    expect(b.json().type).toMatch(/idempotency-key-in-flight$/);
    expect(runs.count.get('cancel')).toBe(1);
  });

  it('stores a 4xx answer and replays it without running the handler again', async () => {
    const first = await post('/v1/pickup-orders/out-of-stock', `${backend}-oos-1`);
    const retry = await post('/v1/pickup-orders/out-of-stock', `${backend}-oos-1`);

    expect(runs.count.get('out-of-stock')).toBe(1);
    expect(first.statusCode).toBe(409);
    expect(retry.statusCode).toBe(409);
    expect(retry.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
  });

  it('lets a retry run again after a 5xx', async () => {
    const failed = await post('/v1/pickup-orders/flaky', `${backend}-flaky-1`);
    const retry = await post('/v1/pickup-orders/flaky', `${backend}-flaky-1`);

    expect(failed.statusCode).toBe(500);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(runs.count.get('flaky')).toBe(2);
  });

  it('keeps one client app from replaying another app’s answer under the same key', async () => {
    const pos = await post('/v1/pickup-orders', `${backend}-shared-key`, { storeId: 's-1' }, 'pos-app');
    const web = await post('/v1/pickup-orders', `${backend}-shared-key`, { storeId: 's-1' }, 'storefront-app');

    expect(web.headers['idempotent-replayed']).toBeUndefined();
    expect(web.json().orderId).not.toBe(pos.json().orderId);
  });
});
