import {
  TEST_APPS,
  TEST_PLANS,
  removeTestRegistries,
  writeTestRegistry,
} from '../../../libs/auth/test/registry-fixture';
import { type AppProcess, startApp } from '../../support/app-process';
import { until } from '../../support/orders-stack';
import {
  DEV_STORES,
  type SystemStack,
  getWithKey,
  startExperienceApp,
  startSystemStack,
} from '../../support/experience-stack';
import { ACCEPTED_CALLERS, CALLER_KEYS, TOWER_KEYS, stopAll } from '../../support/stack';

const PLAN_LIMIT = 5;
const NOBODY = 'http://127.0.0.1:9';

interface Traffic {
  periodS: number | null;
  apps: {
    app: string;
    reachable: boolean;
    unreadable?: string;
    requests: number;
    serverErrors: number;
    tooManyRequests: number;
  }[];
  backends: {
    app: string;
    backend: string;
    calls: number;
    failures: number;
    errorRatio: number | null;
    p95Ms: number | null;
  }[];
  caches: {
    app: string;
    cache: string;
    fresh: number;
    stale: number;
    miss: number;
    hitRatio: number | null;
  }[];
  rateLimitRefusals: { app: string; clientAppId: string; window: string; refusals: number }[];
}

/** The control tower's traffic figures over a real storefront and system-erp: what a platform engineer reads when something hurts now. */
describe('the control tower traffic figures', () => {
  const { file, keys } = writeTestRegistry(TEST_APPS, (raw) => {
    raw.plans = TEST_PLANS.map((p) =>
      p.name === 'storefront-standard'
        ? { ...p, windows: [{ name: 'burst', limit: PLAN_LIMIT, windowS: 60 }] }
        : p,
    );
  });
  let stack: SystemStack;
  let storefront: AppProcess;
  let tower: AppProcess;
  let skus: string[];

  beforeAll(async () => {
    stack = await startSystemStack();
    storefront = await startExperienceApp('experience-storefront', stack, { CLIENT_APP_REGISTRY_FILE: file });
    tower = await startApp('control-tower', {
      LOG_LEVEL: 'warn',
      INTERNAL_SERVICE_KEY: CALLER_KEYS['control-tower'],
      INTERNAL_CALLER_KEY_DIGESTS: ACCEPTED_CALLERS,
      EXPERIENCE_STOREFRONT_URL: storefront.url,
      // Not started: shown as unreachable, not as quiet.
      EXPERIENCE_POS_URL: NOBODY,
      PROCESS_ORDERS_URL: NOBODY,
      SYSTEM_ERP_URL: stack.erp.url,
      SYSTEM_POS_URL: stack.pos.url,
      SYSTEM_LOYALTY_URL: stack.loyalty.url,
      SYSTEM_OMS_URL: NOBODY,
      TRAFFIC_WINDOW_S: '3600',
      ...TOWER_KEYS.settings,
    });
    skus = (await stack.sandbox.seed()).skus;
  });
  afterAll(async () => {
    await stopAll(tower, storefront, ...stack.apps);
    removeTestRegistries();
  });

  async function traffic(key: string): Promise<Traffic> {
    const response = await fetch(`${tower.url}/api/traffic`, { headers: { 'x-control-tower-key': key } });
    expect(response.status).toBe(200);
    return (await response.json()) as Traffic;
  }

  it('refuses a request without a control tower key', async () => {
    const response = await fetch(`${tower.url}/api/traffic`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('counts what happened since the previous read: requests and 429s per app, refusals per client app, backend failures, cache hits', async () => {
    // The first read has nothing to compare with: it counts from each app's start.
    expect((await traffic(TOWER_KEYS.viewer)).periodS).toBeNull();
    // On a loaded test machine an app's /metrics can miss the tower's timeout once: read until every started app answered.
    const first = await until('every started app read', async () => {
      const read = await traffic(TOWER_KEYS.viewer);
      return read.apps.filter((a) => !a.reachable).length === 3 ? read : undefined;
    });
    // The apps that were not started are shown as unreadable, with why, not as quiet.
    expect(
      first.apps
        .filter((a) => !a.reachable)
        .map((a) => `${a.app}: ${a.unreadable}`)
        .sort(),
    ).toEqual([
      expect.stringMatching(/^experience-pos: 502 /),
      expect.stringMatching(/^process-orders: 502 /),
      expect.stringMatching(/^system-oms: 502 /),
    ]);

    // One client app reads one SKU past its plan: the first PLAN_LIMIT pass, the rest are refused.
    const path = `/v1/stores/${DEV_STORES[0]}/availability?skus=${skus[0]}`;
    const answers: number[] = [];
    for (let i = 0; i < PLAN_LIMIT + 3; i++)
      answers.push((await getWithKey(storefront, path, keys['web-new'])).status);
    expect(answers).toEqual([...Array(PLAN_LIMIT).fill(200), 429, 429, 429]);

    // The ERP goes down: another client app's read of a SKU nobody cached fails at the backend.
    await stack.sandbox.setFaults('erp', { outage: true });
    const failed = await getWithKey(
      storefront,
      `/v1/stores/${DEV_STORES[0]}/availability?skus=${skus[1]}`,
      keys.partner,
    );
    await stack.sandbox.setFaults('erp', { outage: false });
    expect(failed.status).toBeGreaterThanOrEqual(500);

    const second = await traffic(TOWER_KEYS.operator);
    expect(second.periodS).toEqual(expect.any(Number));
    const storefrontAnswers = second.apps.find((a) => a.app === 'experience-storefront')!;
    expect(storefrontAnswers).toEqual({
      app: 'experience-storefront',
      reachable: true,
      requests: PLAN_LIMIT + 4,
      serverErrors: 1,
      tooManyRequests: 3,
    });
    expect(second.rateLimitRefusals).toEqual([
      { app: 'experience-storefront', clientAppId: 'web', window: 'burst', refusals: 3 },
    ]);

    const erp = second.backends.find((b) => b.app === 'system-erp' && b.backend === 'erp')!;
    expect(erp.failures).toBeGreaterThan(0);
    expect(erp.calls).toBeGreaterThan(erp.failures);
    expect(erp.errorRatio).toBe(Math.round((erp.failures / erp.calls) * 1000) / 1000);
    expect(erp.p95Ms).toEqual(expect.any(Number));

    // Each read that passed its plan was answered through the edge stock cache, the first a miss (the failed read answered nothing from it).
    const edge = second.caches.find((c) => c.app === 'experience-storefront' && c.cache === 'edge-stock')!;
    const lookups = edge.fresh + edge.stale + edge.miss;
    expect(lookups).toBe(PLAN_LIMIT);
    expect(edge.miss).toBeGreaterThanOrEqual(1);
    expect(edge.hitRatio).toBe(Math.round(((edge.fresh + edge.stale) / lookups) * 1000) / 1000);

    // Both later reads count from the first: a window of an hour has not passed since it.
    const third = await traffic(TOWER_KEYS.viewer);
    expect(third.apps.find((a) => a.app === 'experience-storefront')).toMatchObject({
      requests: PLAN_LIMIT + 4,
      tooManyRequests: 3,
    });
  });
});
