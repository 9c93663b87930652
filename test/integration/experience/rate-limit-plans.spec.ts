import { setTimeout as sleep } from 'node:timers/promises';
import {
  TEST_APPS,
  TEST_PLANS,
  removeTestRegistries,
  writeTestRegistry,
} from '../../../libs/auth/test/registry-fixture';
import type { AppProcess } from '../../support/app-process';
import {
  DEV_KEYS,
  DEV_STORES,
  type SystemStack,
  getWithKey,
  startExperienceApp,
  startSystemStack,
} from '../../support/experience-stack';
import { isolatedRedisPrefix, stopAll } from '../../support/stack';
import { REDIS_TOPOLOGIES, type TestRedis, startTestRedis } from '../../support/test-redis';

// Each topology's registry is written when its describe is collected, before either runs.
afterAll(() => removeTestRegistries());

describe.each(REDIS_TOPOLOGIES)('rate-limit plans across replicas sharing %s Redis', (topology) => {
  const PLAN_LIMIT = 10;
  const prefix = isolatedRedisPrefix();
  // One long window keeps the burst clear of a window boundary.
  const { file, keys } = writeTestRegistry(TEST_APPS, (raw) => {
    raw.plans = TEST_PLANS.map((p) =>
      p.name === 'storefront-standard'
        ? { ...p, windows: [{ name: 'burst', limit: PLAN_LIMIT, windowS: 60 }] }
        : p,
    );
  });
  let testRedis: TestRedis;
  let stack: SystemStack;
  let replicas: AppProcess[];
  let path: string;

  beforeAll(async () => {
    testRedis = await startTestRedis(topology);
    stack = await startSystemStack();
    const env = { CLIENT_APP_REGISTRY_FILE: file, REDIS_KEY_PREFIX: prefix, ...testRedis.env };
    replicas = await Promise.all([
      startExperienceApp('experience-storefront', stack, env),
      startExperienceApp('experience-storefront', stack, env),
    ]);
    path = `/v1/stores/${DEV_STORES[0]}/availability?skus=${(await stack.sandbox.seed()).skus[0]}`;
  });
  afterAll(async () => {
    await stopAll(...(replicas ?? []), ...(stack?.apps ?? []));
    await testRedis?.stop(prefix);
  });

  it('lets exactly N of 3N concurrent calls through across two replicas and answers the rest 429', async () => {
    const answers = await Promise.all(
      Array.from({ length: 3 * PLAN_LIMIT }, (_, i) => getWithKey(replicas[i % 2], path, keys['web-new'])),
    );
    const passed = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    expect(passed).toHaveLength(PLAN_LIMIT);
    expect(refused).toHaveLength(2 * PLAN_LIMIT);
    for (const answer of refused) {
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(answer.headers.get('ratelimit')).toMatch(/^"burst";r=0;t=\d+$/);
      expect(answer.headers.get('ratelimit-policy')).toBe(`"burst";q=${PLAN_LIMIT};w=60`);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(await answer.json()).toMatchObject({
        type: 'https://omnigate.dev/problems/rate-limited',
        status: 429,
      });
    }
    expect(passed.every((a) => a.headers.get('ratelimit-policy') !== null)).toBe(true);
    // Both replicas counted in the Redis they were pointed at, in one window of the client app.
    expect(await testRedis.keys(`${prefix}rl:*`)).toEqual([`${prefix}rl:{web}:burst:60`]);
  });
});

describe('one channel flooding at ten times its plan', () => {
  let stack: SystemStack;
  let storefront: AppProcess;
  let pos: AppProcess;
  let skus: string[];

  beforeAll(async () => {
    stack = await startSystemStack();
    const prefix = isolatedRedisPrefix();
    [storefront, pos] = await Promise.all([
      startExperienceApp('experience-storefront', stack, { REDIS_KEY_PREFIX: prefix }),
      startExperienceApp('experience-pos', stack, { REDIS_KEY_PREFIX: prefix }),
    ]);
    skus = (await stack.sandbox.seed()).skus.slice(0, 3);
  });
  afterAll(() => stopAll(storefront, pos, ...stack.apps));

  it('slows neither the POS devices nor the other storefront client apps', async () => {
    const webPath = `/v1/stores/${DEV_STORES[0]}/availability?skus=${skus[0]}`;
    // The web app's plan allows 20 a second: 200 over one second is ten times that.
    const startedAt = Date.now();
    const flood = Promise.all(
      Array.from({ length: 10 }, async (_, wave) => {
        await sleep(wave * 100);
        return Promise.all(Array.from({ length: 20 }, () => getWithKey(storefront, webPath, DEV_KEYS.web)));
      }),
    ).then((waves) => waves.flat());
    const others = Promise.all(
      Array.from({ length: 5 }, async (_, i) => {
        await sleep(100 + i * 150);
        return Promise.all([
          getWithKey(
            pos,
            `/v1/stores/${DEV_STORES[0]}/prices?skus=${skus.join(',')}`,
            DEV_KEYS.posStore1Register,
          ),
          getWithKey(
            pos,
            `/v1/stores/${DEV_STORES[1]}/availability?skus=${skus.join(',')}`,
            DEV_KEYS.posStore2Register,
          ),
          getWithKey(
            storefront,
            `/v1/products/${skus[1]}/availability?storeIds=${DEV_STORES.join(',')}`,
            DEV_KEYS.service,
          ),
        ]);
      }),
    ).then((rounds) => rounds.flat());
    const [flooded, served] = await Promise.all([flood, others]);
    const elapsedS = (Date.now() - startedAt) / 1000;
    expect(served.map((a) => a.status)).toEqual(Array(served.length).fill(200));
    // The flood was held to its plan (20 per one-second window) for as long as it lasted, however slow the machine.
    const admitted = flooded.filter((a) => a.status === 200).length;
    expect(admitted).toBeLessThanOrEqual(20 * (Math.ceil(elapsedS) + 1));
    expect(flooded.filter((a) => a.status === 429).length).toBeGreaterThan(0);
  });
});
