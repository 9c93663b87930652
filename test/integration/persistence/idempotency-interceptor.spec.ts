import {
  Body,
  Controller,
  HttpCode,
  Injectable,
  Module,
  type OnModuleInit,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { FastifyReply, FastifyRequest } from 'fastify';
import pino from 'pino';
import {
  Idempotent,
  IdempotencyModule,
  IdempotentResources,
  idempotencyMigrations,
} from '@omnigate/idempotency';
import { Database, PersistenceModule } from '@omnigate/persistence';
import { DomainError, ProblemFilter, ValidationFailed } from '@omnigate/problems';
import { BACKENDS, dropSchemas, eventually, POSTGRES_URL, uniqueSchema } from './test-databases';

const testOrdersMigration = {
  id: '2026-11-24-test-orders',
  sql: 'CREATE TABLE test_orders (order_id text PRIMARY KEY, state text NOT NULL)',
};

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

/** Hold handlers mid-work until the test lets them go, as a slow backend or a stuck process would. */
@Injectable()
class Gates {
  private readonly gates = new Map<string, { opened: Promise<void>; open: () => void }>();

  passed(route: string): Promise<void> {
    return this.gate(route).opened;
  }

  release(route: string): void {
    this.gate(route).open();
  }

  private gate(route: string) {
    if (!this.gates.has(route)) {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      this.gates.set(route, { opened, open });
    }
    return this.gates.get(route)!;
  }
}

/** The test's orders table, and the reader that answers a retry with an order as it is now. */
@Injectable()
class TestOrders implements OnModuleInit {
  constructor(
    private readonly db: Database,
    private readonly resources: IdempotentResources,
  ) {}

  onModuleInit(): void {
    this.resources.define('test-order', async (orderId) => {
      const [order] = await this.db.query<{ order_id: string; state: string }>(
        'SELECT * FROM test_orders WHERE order_id = $1',
        [orderId],
      );
      return { orderId: order.order_id, state: order.state, readBack: true };
    });
  }

  /** Writes the order and binds the request's key to it in one transaction. */
  record(request: FastifyRequest, orderId: string, state: string): Promise<void> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        'INSERT INTO test_orders (order_id, state) VALUES ($1, $2) ON CONFLICT (order_id) DO UPDATE SET state = $2',
        [orderId, state],
      );
      await request.idempotencyClaim!.bind(tx, { type: 'test-order', id: orderId });
    });
  }

  async count(prefix: string): Promise<number> {
    return (await this.db.query('SELECT 1 FROM test_orders WHERE order_id LIKE $1', [`${prefix}%`])).length;
  }
}

@Controller('v1/pickup-orders')
class PickupOrdersController {
  constructor(
    private readonly runs: HandlerRuns,
    private readonly orders: TestOrders,
    private readonly gates: Gates,
  ) {}

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
    await this.gates.passed('cancel');
    return { orderId, state: 'CANCELLED' };
  }

  @Post('out-of-stock')
  @Idempotent()
  outOfStock() {
    this.runs.next('out-of-stock');
    throw new InsufficientStock();
  }

  @Post('malformed-first')
  @Idempotent()
  malformedFirst(@Body() body: { storeId?: unknown }) {
    this.runs.next('malformed-first');
    // What the validation pipe throws for a body that breaks the DTO's rules.
    if (typeof body.storeId !== 'string')
      throw new ValidationFailed([
        { property: 'storeId', constraints: { isString: 'storeId must be a string' } },
      ]);
    return { orderId: 'order-malformed-first', storeId: body.storeId, state: 'PLACED' };
  }

  @Post('flaky')
  @Idempotent()
  flaky() {
    if (this.runs.next('flaky') === 1) throw new Error('OMS connection reset');
    return { orderId: 'order-flaky', state: 'PLACED' };
  }

  @Post('bound/placed-then-failing')
  @Idempotent()
  async placeThenFail(@Req() request: FastifyRequest, @Body() body: { orderId: string }) {
    this.runs.next('placed-then-failing');
    await this.orders.record(request, body.orderId, 'PLACED');
    throw new Error('ERP timed out after the order was committed');
  }

  @Post('bound/:orderId/collect')
  @HttpCode(200)
  @Idempotent()
  async collect(@Req() request: FastifyRequest, @Param('orderId') orderId: string) {
    this.runs.next('collect');
    await this.orders.record(request, orderId, 'COLLECTED');
    await this.gates.passed('collect');
    return { orderId, state: 'COLLECTED', readBack: false };
  }

  @Post('bound/slow-place')
  @Idempotent()
  async slowPlace(@Req() request: FastifyRequest, @Body() body: { orderId: string }) {
    const run = this.runs.next('slow-place');
    if (run === 1) await this.gates.passed('slow-place');
    const orderId = `${body.orderId}-run-${run}`;
    await this.orders.record(request, orderId, 'PLACED');
    return { orderId, state: 'PLACED', readBack: false };
  }
}

describe.each(BACKENDS)('IdempotencyInterceptor on %s', (backend) => {
  const schema = uniqueSchema('idem_http');
  let app: NestFastifyApplication;
  let runs: HandlerRuns;
  let db: Database;
  /** Lets the lock of the request holding `key` lapse, as if its process had died. */
  const lapseLock = (key: string) =>
    db.query(`UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE key = $1`, [key]);

  beforeAll(async () => {
    @Module({
      imports: [
        PersistenceModule.forRoot({
          database: backend === 'postgres' ? { databaseUrl: POSTGRES_URL, schema } : { schema },
          migrations: [...idempotencyMigrations, testOrdersMigration],
        }),
        IdempotencyModule.forRoot({ ttlHours: 24 }),
      ],
      controllers: [PickupOrdersController],
      providers: [HandlerRuns, TestOrders, Gates],
    })
    class PickupOrdersTestModule {}

    const moduleRef = await Test.createTestingModule({ imports: [PickupOrdersTestModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    app.useGlobalFilters(new ProblemFilter(pino({ enabled: false })));
    // Stands in for the auth guard, which sets the calling client app on the request.
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRequest', async (request: FastifyRequest) => {
        const clientAppId = request.headers['x-test-client-app'];
        if (typeof clientAppId === 'string') Object.assign(request, { principal: { clientAppId } });
      });
    app.enableShutdownHooks();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    runs = app.get(HandlerRuns);
    db = app.get(Database);
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
    const running = post('/v1/pickup-orders/o-9/cancel', `${backend}-cancel-1`);
    await eventually(() => runs.count.get('cancel') === 1);

    const b = await post('/v1/pickup-orders/o-9/cancel', `${backend}-cancel-1`);
    app.get(Gates).release('cancel');
    const a = await running;

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

  it('leaves the key unspent when the request is refused for its shape (400): the corrected request runs under it', async () => {
    const refused = await post('/v1/pickup-orders/malformed-first', `${backend}-malformed-1`, {
      storeId: 42,
    });
    const corrected = await post('/v1/pickup-orders/malformed-first', `${backend}-malformed-1`, {
      storeId: 's-1',
    });

    expect(refused.statusCode).toBe(400);
    expect(refused.json().type).toMatch(/validation-failed$/);
    expect(corrected.statusCode).toBe(201);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
    expect(corrected.json()).toMatchObject({ storeId: 's-1', state: 'PLACED' });
    expect(runs.count.get('malformed-first')).toBe(2);
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
    const web = await post(
      '/v1/pickup-orders',
      `${backend}-shared-key`,
      { storeId: 's-1' },
      'storefront-app',
    );

    expect(web.headers['idempotent-replayed']).toBeUndefined();
    expect(web.json().orderId).not.toBe(pos.json().orderId);
  });

  describe('a write that binds its key to the order it commits', () => {
    it('answers the retry of a request that failed after its commit with the order, running nothing again', async () => {
      const key = `${backend}-bound-1`;
      const failed = await post('/v1/pickup-orders/bound/placed-then-failing', key, {
        orderId: `${backend}-o-1`,
      });
      const retry = await post('/v1/pickup-orders/bound/placed-then-failing', key, {
        orderId: `${backend}-o-1`,
      });

      expect(failed.statusCode).toBe(500);
      expect(retry.statusCode).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.headers['content-type']).toMatch(/^application\/json/);
      expect(retry.json()).toEqual({ orderId: `${backend}-o-1`, state: 'PLACED', readBack: true });
      expect(runs.count.get('placed-then-failing')).toBe(1);
    });

    it('answers 202 with the order as it stands while the holder lives, and with the route status once its lock lapsed', async () => {
      const key = `${backend}-bound-2`;
      const orderId = `${backend}-o-2`;
      const first = post(`/v1/pickup-orders/bound/${orderId}/collect`, key);
      await eventually(
        async () =>
          (await db.query('SELECT 1 FROM idempotency_keys WHERE key = $1 AND resource_id IS NOT NULL', [key]))
            .length === 1,
      );

      // The retry waits out its in-flight wait, then gets the committed order: accepted, still being finished.
      const whileRunning = await post(`/v1/pickup-orders/bound/${orderId}/collect`, key);
      expect(whileRunning.statusCode).toBe(202);
      expect(whileRunning.headers['idempotent-replayed']).toBe('true');
      expect(whileRunning.json()).toEqual({ orderId, state: 'COLLECTED', readBack: true });
      expect(runs.count.get('collect')).toBe(1);

      // The holder is stuck past its lock, as a killed process would be: its committed order answers.
      await lapseLock(key);
      const retry = await post(`/v1/pickup-orders/bound/${orderId}/collect`, key);
      expect(retry.statusCode).toBe(200);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json()).toEqual({ orderId, state: 'COLLECTED', readBack: true });
      expect(runs.count.get('collect')).toBe(1);

      app.get(Gates).release('collect');
      expect((await first).statusCode).toBe(200);
    });

    it('keeps a request whose key a retry took over from committing a second order', async () => {
      const key = `${backend}-bound-3`;
      const prefix = `${backend}-o-3`;
      const stale = post('/v1/pickup-orders/bound/slow-place', key, { orderId: prefix });
      await eventually(() => runs.count.get('slow-place') === 1);
      await lapseLock(key);

      const retry = await post('/v1/pickup-orders/bound/slow-place', key, { orderId: prefix });
      expect(retry.statusCode).toBe(201);
      expect(retry.json().orderId).toBe(`${prefix}-run-2`);
      app.get(Gates).release('slow-place');
      const staleAnswer = await stale;

      expect(staleAnswer.statusCode).toBe(409);
      expect(staleAnswer.json().type).toMatch(/idempotency-key-in-flight$/);
      expect(await app.get(TestOrders).count(prefix)).toBe(1);
      const again = await post('/v1/pickup-orders/bound/slow-place', key, { orderId: prefix });
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(retry.json());
    });
  });
});
