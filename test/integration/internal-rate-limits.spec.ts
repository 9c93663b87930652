import { randomBytes } from 'node:crypto';
import type { InternalCaller } from '../../libs/auth/src/internal-callers';
import { type AppProcess, startApp } from '../support/app-process';
import { pointsOf } from '../support/orders-stack';
import type { SandboxClient } from '../support/sandbox-client';
import {
  ACCEPTED_CALLERS,
  CALLER_KEYS,
  TOWER_KEYS,
  callerHeaders,
  isolatedRedisPrefix,
  scraperHeaders,
  startSandbox,
  startSystemApp,
  stopAll,
} from '../support/stack';
import { type TestRedis, startTestRedis } from '../support/test-redis';

/**
 * An internal API counts each calling app on its own, across its replicas (shared Redis): past its
 * limit a caller is refused 429 rate-limited before anything is done, while another caller of the
 * same route is still served. Here system-loyalty, with a limit of 60 requests a minute (60 in any
 * one second), so that one caller's minute is spent by a test in well under a minute.
 */
describe('the per-caller rate limit of an internal API (system-loyalty, two replicas)', () => {
  const LIMIT = 60;
  const prefix = isolatedRedisPrefix();
  let testRedis: TestRedis;
  let sandboxApp: AppProcess;
  let sandbox: SandboxClient;
  let replicas: AppProcess[];
  let memberId: string;

  beforeAll(async () => {
    testRedis = await startTestRedis('single');
    ({ app: sandboxApp, sandbox } = await startSandbox());
    const env = {
      ...testRedis.env,
      REDIS_KEY_PREFIX: prefix,
      INTERNAL_RATE_LIMIT_PER_S: '1',
      INTERNAL_RATE_LIMIT_BURST: String(LIMIT),
    };
    replicas = await Promise.all([
      startSystemApp('system-loyalty', sandboxApp.url, env),
      startSystemApp('system-loyalty', sandboxApp.url, env),
    ]);
    memberId = (await sandbox.seed()).members.find((m) => m.status === 'ACTIVE')!.memberNumber;
  });
  afterAll(async () => {
    await stopAll(...(replicas ?? []), sandboxApp);
    await testRedis?.stop(prefix);
  });

  const readMember = (replica: AppProcess, caller: InternalCaller) =>
    fetch(`${replica.url}/v1/members/${memberId}`, { headers: callerHeaders(caller) });

  it('serves one caller its limit across both replicas, then refuses it 429 while another caller is served; the refused write reaches no backend', async () => {
    const served = await Promise.all(
      Array.from({ length: LIMIT }, (_, i) => readMember(replicas[i % 2], 'process-orders')),
    );
    expect(served.map((r) => r.status)).toEqual(Array(LIMIT).fill(200));
    expect(served[0].headers.get('ratelimit-policy')).toBe('"burst";q=60;w=1, "sustained";q=60;w=60');
    expect(served.map((r) => r.headers.get('ratelimit'))).toContainEqual(
      expect.stringMatching(/^"(burst|sustained)";r=0;t=\d+$/),
    );

    const pointsBefore = await pointsOf(sandbox, memberId);
    const loyaltyCallsBefore = (await sandbox.counters()).loyalty?.total ?? 0;
    const refused = await fetch(`${replicas[1].url}/v1/members/${memberId}/accruals`, {
      method: 'POST',
      headers: { ...callerHeaders('process-orders'), 'content-type': 'application/json' },
      body: JSON.stringify({ reference: `rl_${randomBytes(6).toString('hex')}`, points: 500 }),
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(((await refused.json()) as { type: string }).type).toBe(
      'https://omnigate.dev/problems/rate-limited',
    );
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit')).toMatch(/^"(burst|sustained)";r=0;t=\d+$/);
    expect(refused.headers.get('ratelimit-policy')).toBe('"burst";q=60;w=1, "sustained";q=60;w=60');
    expect((await sandbox.counters()).loyalty?.total ?? 0).toBe(loyaltyCallsBefore);
    expect(await pointsOf(sandbox, memberId)).toBe(pointsBefore);

    // Another calling app of the same route has its own counters.
    const other = await readMember(replicas[0], 'experience-pos');
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit')).toMatch(/^"(burst|sustained)";r=59;t=\d+$/);
  });

  it('never limits health and metrics, and meters the refusals by calling app', async () => {
    for (let i = 0; i < 3; i++) expect((await readMember(replicas[0], 'process-orders')).status).toBe(429);
    for (const replica of replicas) {
      expect((await fetch(`${replica.url}/health/ready`)).status).toBe(200);
      const metrics = await fetch(`${replica.url}/metrics`, { headers: scraperHeaders() });
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('ratelimit')).toBeNull();
      expect(await metrics.text()).toMatch(
        /omnigate_rate_limit_refusals_total\{client_app="process-orders",window="(burst|sustained)"\} [1-9]/,
      );
    }
  });
});

/**
 * The control tower counts each person whose key signed in: a viewer past the limit is refused
 * while an operator is still served. Without Redis (the embedded default) it counts per replica.
 */
describe('the per-person rate limit of the control tower (no Redis: per replica)', () => {
  const LIMIT = 60;
  let tower: AppProcess;

  beforeAll(async () => {
    tower = await startApp('control-tower', {
      INTERNAL_SERVICE_KEY: CALLER_KEYS['control-tower'],
      INTERNAL_CALLER_KEY_DIGESTS: ACCEPTED_CALLERS,
      INTERNAL_RATE_LIMIT_PER_S: '1',
      INTERNAL_RATE_LIMIT_BURST: String(LIMIT),
      ...TOWER_KEYS.settings,
    });
  });
  afterAll(() => stopAll(tower));

  const session = (key: string) =>
    fetch(`${tower.url}/api/session`, { headers: { 'x-control-tower-key': key } });

  it('refuses a person past the limit 429 while another person is served', async () => {
    const served = await Promise.all(Array.from({ length: LIMIT }, () => session(TOWER_KEYS.viewer)));
    expect(served.map((r) => r.status)).toEqual(Array(LIMIT).fill(200));
    const refused = await session(TOWER_KEYS.viewer);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(((await refused.json()) as { type: string }).type).toBe(
      'https://omnigate.dev/problems/rate-limited',
    );
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('ratelimit-policy')).toBe('"burst";q=60;w=1, "sustained";q=60;w=60');

    const operator = await session(TOWER_KEYS.operator);
    expect(operator.status).toBe(200);
    expect(operator.headers.get('ratelimit')).toMatch(/^"(burst|sustained)";r=59;t=\d+$/);

    const metrics = await fetch(`${tower.url}/metrics`, { headers: scraperHeaders() });
    expect(await metrics.text()).toMatch(
      /omnigate_rate_limit_refusals_total\{client_app="control-tower-viewer",window="(burst|sustained)"\} 1/,
    );
  });
});
