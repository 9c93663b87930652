import { Controller, Get, Param } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ChannelAuthGuard, ChannelAuthModule, Public, RequireScopes, StoreScoped } from '@omnigate/auth';
import { problemType } from '@omnigate/problems';
import { LoadShedGuard, LoadShedder, RateLimitGuard, RateLimitModule } from '@omnigate/rate-limit';
import { startFastifyTestApp } from '../../../libs/auth/test/fastify-test-app';
import {
  TEST_APPS,
  TEST_PLANS,
  removeTestRegistries,
  writeTestRegistry,
} from '../../../libs/auth/test/registry-fixture';
import { redisSettingsFor } from '../../support/redis-server';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from './edge-redis';

/** Requests to /v1/stores/:storeId/slow wait here until the test lets them finish. */
let releaseSlow: () => void = () => undefined;
let slowGate = Promise.resolve();

@Controller()
class EdgeProbeController {
  @Public()
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @RequireScopes('availability:read')
  @Get('v1/products/:sku/availability')
  availability(@Param('sku') sku: string) {
    return { sku };
  }

  @RequireScopes('prices:read')
  @StoreScoped('storeId')
  @Get('v1/stores/:storeId/slow')
  async slow() {
    await slowGate;
    return { done: true };
  }
}

describe('an experience app behind auth, load shedding and rate limiting', () => {
  const prefix = uniqueKeyPrefix('edge-guards');
  // A long burst window keeps the test clear of window boundaries.
  const { file, keys } = writeTestRegistry(TEST_APPS, (raw) => {
    raw.plans = TEST_PLANS.map((p) =>
      p.name === 'storefront-standard'
        ? {
            ...p,
            windows: [
              { name: 'burst', limit: 5, windowS: 30 },
              { name: 'sustained', limit: 100, windowS: 60 },
            ],
          }
        : p,
    );
  });
  let app: NestFastifyApplication;
  let shedder: LoadShedder;

  beforeAll(async () => {
    app = await startFastifyTestApp(
      {
        imports: [
          ChannelAuthModule.forRoot({ channels: ['storefront-web', 'pos'], registryFile: file }),
          RateLimitModule.forRoot({
            registryFile: file,
            redis: redisSettingsFor(REDIS_URL),
            keyPrefix: prefix,
            // Shedding by requests in flight is under test here; shedding by event-loop delay has its
            // own unit test, and a busy CI machine must not trip it in the middle of these cases.
            loadShedding: {
              maxInFlight: { browse: 2, standard: 3, critical: 4 },
              maxEventLoopDelayMs: { browse: 60_000, standard: 60_000, critical: 60_000 },
            },
          }),
        ],
        controllers: [EdgeProbeController],
      },
      [ChannelAuthGuard, LoadShedGuard, RateLimitGuard],
    );
    shedder = app.get(LoadShedder);
  });

  afterAll(async () => {
    await app.close();
    await deleteKeys(prefix);
  });

  const get = (url: string, keyId?: string) =>
    app.inject({ method: 'GET', url, headers: keyId ? { 'x-api-key': keys[keyId] } : {} });

  it('answers the RateLimit headers on success and on refusal, and 429 with Retry-After once the burst is spent', async () => {
    const first = await get('/v1/products/SKU-1/availability', 'web-new');
    expect(first.statusCode).toBe(200);
    expect(first.headers['ratelimit-policy']).toBe('"burst";q=5;w=30, "sustained";q=100;w=60');
    expect(first.headers['ratelimit']).toMatch(/^"burst";r=4;t=(29|30)$/);

    for (let i = 0; i < 4; i++)
      expect((await get('/v1/products/SKU-1/availability', 'web-old')).statusCode).toBe(200);
    const refused = await get('/v1/products/SKU-1/availability', 'web-new');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().type).toBe(problemType('rate-limited'));
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(28);
    expect(refused.headers['ratelimit-policy']).toBe('"burst";q=5;w=30, "sustained";q=100;w=60');
    expect(refused.headers['ratelimit']).toMatch(/^"burst";r=0;t=(28|29|30)$/);
  });

  it('keeps other client apps unaffected by one that is over its plan', async () => {
    const pos = await get('/v1/products/SKU-1/availability', 'pos-a1');
    expect(pos.statusCode).toBe(200);
    expect(pos.headers['ratelimit']).toMatch(/^"burst";r=9;t=1$/);
  });

  it('neither limits nor authenticates public routes', async () => {
    const health = await get('/health/live');
    expect(health.statusCode).toBe(200);
    expect(health.headers['ratelimit']).toBeUndefined();
  });

  it('sheds browse traffic first, and critical POS traffic only at the hard limit', async () => {
    slowGate = new Promise<void>((resolve) => (releaseSlow = resolve));
    const hold = (keyId: string, storeId: string) => get(`/v1/stores/${storeId}/slow`, keyId);
    const waitForInFlight = async (n: number) => {
      while (shedder.state.inFlight < n) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    const held = [hold('pos-a1', 'STORE-A'), hold('pos-b1', 'STORE-B')];
    await waitForInFlight(2);

    const browse = await get('/v1/products/SKU-2/availability', 'web-new');
    expect({
      status: browse.statusCode,
      type: browse.json().type,
      retryAfter: browse.headers['retry-after'],
    }).toEqual({
      status: 503,
      type: problemType('overloaded'),
      retryAfter: '1',
    });
    expect((await get('/v1/products/SKU-2/availability', 'pos-a1')).statusCode).toBe(200);

    held.push(hold('pos-a1', 'STORE-A'), hold('pos-b1', 'STORE-B'));
    await waitForInFlight(4);
    expect((await get('/v1/products/SKU-2/availability', 'pos-a1')).statusCode).toBe(503);

    releaseSlow();
    expect((await Promise.all(held)).map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(shedder.state.inFlight).toBe(0);
    // No longer shed: the web app is back to its rate limit (spent in the first test).
    expect((await get('/v1/products/SKU-2/availability', 'web-new')).statusCode).toBe(429);
  });

  it('sheds browse traffic while an upstream is saturated, but not POS traffic', async () => {
    shedder.markUpstreamSaturated('erp', true);
    try {
      expect((await get('/v1/products/SKU-3/availability', 'web-new')).statusCode).toBe(503);
      expect((await get('/v1/products/SKU-3/availability', 'pos-b1')).statusCode).toBe(200);
    } finally {
      shedder.markUpstreamSaturated('erp', false);
    }
  });
});

afterAll(removeTestRegistries);
