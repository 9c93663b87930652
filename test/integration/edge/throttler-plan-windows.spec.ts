import { Controller, Get } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SkipThrottle, Throttle } from '@nestjs/throttler';
import { ChannelAuthGuard, ChannelAuthModule, RequireScopes } from '@omnigate/auth';
import { problemType } from '@omnigate/problems';
import { RateLimitGuard, RateLimitModule } from '@omnigate/rate-limit';
import { startFastifyTestApp } from '../../../libs/auth/test/fastify-test-app';
import {
  TEST_APPS,
  TEST_PLANS,
  removeTestRegistries,
  writeTestRegistry,
} from '../../../libs/auth/test/registry-fixture';
import { REDIS_TOPOLOGIES, type TestRedis, startTestRedis } from '../../support/test-redis';
import { uniqueKeyPrefix } from './edge-redis';

@Controller()
class StockProbeController {
  @RequireScopes('availability:read')
  @Get('v1/products/availability')
  availability() {
    return { ok: true };
  }

  @RequireScopes('availability:read')
  @SkipThrottle({ burst: true })
  @Get('v1/products/export')
  exportAll() {
    return { ok: true };
  }

  @RequireScopes('availability:read')
  @SkipThrottle()
  @Get('v1/products/catalogue')
  catalogue() {
    return { ok: true };
  }

  @RequireScopes('availability:read')
  @Throttle({ burst: { limit: 1, ttl: 30_000 } })
  @Get('v1/products/report')
  report() {
    return { ok: true };
  }
}

const N = 12;

// Each topology's registry is written when its describe is collected, before either runs.
afterAll(() => removeTestRegistries());

describe.each(REDIS_TOPOLOGIES)(
  '@nestjs/throttler with the plans of the registry, across two replicas sharing %s Redis',
  (topology) => {
    const prefix = uniqueKeyPrefix('edge-throttler-plans');
    // Long windows keep the tests clear of window boundaries. Each client app runs on its own plan.
    const { file, keys } = writeTestRegistry(TEST_APPS, (raw) => {
      raw.plans = TEST_PLANS.map((p) => {
        if (p.name === 'storefront-standard')
          return {
            ...p,
            windows: [
              { name: 'burst', limit: N, windowS: 30 },
              { name: 'sustained', limit: 2 * N, windowS: 60 },
            ],
          };
        if (p.name === 'service')
          return {
            ...p,
            windows: [
              { name: 'burst', limit: 5, windowS: 30 },
              { name: 'sustained', limit: 3, windowS: 60 },
            ],
          };
        return {
          ...p,
          windows: [
            { name: 'burst', limit: 3, windowS: 30 },
            { name: 'sustained', limit: 100, windowS: 60 },
          ],
        };
      });
    });
    let testRedis: TestRedis;
    let replicas: NestFastifyApplication[];

    beforeAll(async () => {
      testRedis = await startTestRedis(topology);
      replicas = await Promise.all(
        [1, 2].map(() =>
          startFastifyTestApp(
            {
              imports: [
                ChannelAuthModule.forRoot({
                  channels: ['storefront-web', 'pos', 'service', 'partner'],
                  registryFile: file,
                }),
                RateLimitModule.forRoot({
                  registryFile: file,
                  redis: testRedis.settings(),
                  keyPrefix: prefix,
                }),
              ],
              controllers: [StockProbeController],
            },
            [ChannelAuthGuard, RateLimitGuard],
          ),
        ),
      );
    });

    afterAll(async () => {
      await Promise.all((replicas ?? []).map((app) => app.close()));
      await testRedis?.stop(prefix);
    });

    const get = (replica: number, keyId: string, url = '/v1/products/availability') =>
      replicas[replica].inject({ method: 'GET', url, headers: { 'x-api-key': keys[keyId] } });
    /** The burst and sustained counters of a tracker (client app, or client app:device on a per-device plan), in one command: one slot. */
    const counters = async (clientApp: string) => {
      const client = testRedis.client();
      try {
        return await client.mget(
          `${prefix}rl:{${clientApp}}:burst:30`,
          `${prefix}rl:{${clientApp}}:sustained:60`,
        );
      } finally {
        client.disconnect();
      }
    };

    it('lets exactly N of 3N concurrent requests through over both replicas and both windows', async () => {
      const answers = await Promise.all(
        Array.from({ length: 3 * N }, (_, i) => get(i % 2, i % 3 ? 'web-new' : 'web-old')),
      );
      expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(N);
      const refused = answers.filter((a) => a.statusCode === 429);
      expect(refused).toHaveLength(2 * N);
      for (const answer of refused) {
        expect(answer.headers['content-type']).toContain('application/problem+json');
        expect(answer.json()).toMatchObject({ type: problemType('rate-limited'), status: 429 });
        expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(28);
        expect(answer.headers['ratelimit-policy']).toBe(`"burst";q=${N};w=30, "sustained";q=${2 * N};w=60`);
        expect(answer.headers['ratelimit']).toMatch(/^"burst";r=0;t=(28|29|30)$/);
      }
      // A refusal by the burst window never reached the sustained one.
      expect(await counters('web')).toEqual([String(N), String(N)]);
    });

    it('counts a request the sustained window refuses in no window, and says to come back when sustained starts over', async () => {
      for (let i = 0; i < 3; i++) expect((await get(i % 2, 'backoffice')).statusCode).toBe(200);
      for (let i = 0; i < 4; i++) {
        const refused = await get(i % 2, 'backoffice');
        expect(refused.statusCode).toBe(429);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(58);
        expect(refused.headers['ratelimit']).toMatch(/^"sustained";r=0;t=(58|59|60)$/);
      }
      // Burst has room for 5 and took only the 3 requests that passed.
      expect(await counters('backoffice')).toEqual(['3', '3']);
    });

    it('counts each client app apart: another app on the same plan is served', async () => {
      const partner = await get(1, 'partner');
      expect(partner.statusCode).toBe(200);
      expect(partner.headers['ratelimit']).toMatch(/^"sustained";r=2;t=(59|60)$/);
    });

    it('skips a window a route opts out of with @SkipThrottle, and keeps the others', async () => {
      for (let i = 0; i < 3; i++) expect((await get(i % 2, 'pos-a1')).statusCode).toBe(200);
      expect((await get(0, 'pos-a1')).statusCode).toBe(429);
      const exported = await get(1, 'pos-a1', '/v1/products/export');
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['ratelimit']).toMatch(/^"sustained";r=96;t=\d+$/);
    });

    it('counts no window on a route marked @SkipThrottle(), for a caller over its plan too', async () => {
      for (let i = 0; i < 5; i++) {
        const answer = await get(i % 2, 'pos-a1', '/v1/products/catalogue');
        expect(answer.statusCode).toBe(200);
        expect(answer.headers['ratelimit']).toBeUndefined();
      }
      expect(await counters('pos-a1:REG-1')).toEqual(['3', '4']);
    });

    it('counts a route that sets its own limit with @Throttle apart from the plan window', async () => {
      const first = await get(0, 'pos-b1', '/v1/products/report');
      expect(first.statusCode).toBe(200);
      expect(first.headers['ratelimit-policy']).toBe('"burst";q=1;w=30, "sustained";q=100;w=60');
      expect((await get(1, 'pos-b1', '/v1/products/report')).statusCode).toBe(429);
      // The plan's own burst window (3) was not spent by the report.
      for (let i = 0; i < 3; i++) expect((await get(i % 2, 'pos-b1')).statusCode).toBe(200);
    });
  },
);
