import { setTimeout as sleep } from 'node:timers/promises';
import type { AppProcess } from '../../support/app-process';
import { ageOf, secondsSince } from '../../support/cache-headers';
import type { SandboxClient } from '../../support/sandbox-client';
import {
  REDIS_URL,
  isolatedRedisPrefix,
  startSandbox,
  startSystemApp,
  stopAll,
  callerHeaders,
} from '../../support/stack';
import { breakerStates, waitFor } from '../../support/wait-for';

const RESET_MS = 1_000;

describe('system-erp while the ERP is down', () => {
  let sandboxApp: AppProcess;
  let sandbox: SandboxClient;
  let erp: AppProcess;
  let storeId: string;
  let skus: string[];

  beforeAll(async () => {
    ({ app: sandboxApp, sandbox } = await startSandbox());
    erp = await startSystemApp('system-erp', sandboxApp.url, {
      REDIS_URL,
      REDIS_KEY_PREFIX: isolatedRedisPrefix(),
      STOCK_TTL_S: '1',
      STOCK_STALE_WHILE_REVALIDATE_S: '0',
      BREAKER_VOLUME_THRESHOLD: '5',
      BREAKER_RESET_MS: String(RESET_MS),
      RETRY_BASE_DELAY_MS: '10',
    });
    const seed = await sandbox.seed();
    storeId = seed.stores[2].storeId;
    skus = seed.skus.slice(20, 22);
  });
  afterAll(() => stopAll(erp, sandboxApp));

  it('serves stale stock with its age, lets one probe through per reset interval, and recovers', async () => {
    const cachedRead = `${erp.url}/v1/inventory/stores/${storeId}?skus=${skus[0]}`;
    const uncachedRead = `${erp.url}/v1/inventory/stores/${storeId}?skus=${skus[1]}`;
    const primedAt = Date.now();
    const primed = await fetch(cachedRead, { headers: callerHeaders('experience-storefront') });
    expect(primed.status).toBe(200);
    const primedBody = await primed.json();

    await sandbox.setFaults('erp', { outage: true });
    await sleep(1_100);

    // Failures accumulate until the breaker opens; the cached key keeps answering meanwhile.
    await waitFor(
      async () => {
        const stale = await fetch(cachedRead, { headers: callerHeaders('experience-storefront') });
        expect(stale.status).toBe(200);
        expect(stale.headers.get('x-cache')).toBe('STALE');
        expect(ageOf(stale)).toBeGreaterThanOrEqual(1);
        expect(ageOf(stale)).toBeLessThanOrEqual(secondsSince(primedAt));
        expect(await stale.json()).toEqual(primedBody);
        const uncached = await fetch(uncachedRead, { headers: callerHeaders('experience-storefront') });
        expect(uncached.status).toBeGreaterThanOrEqual(502);
        expect(uncached.headers.get('content-type')).toContain('application/problem+json');
        return (await breakerStates(erp.url, 'erp'))['read material stock'] === 'open' ? true : undefined;
      },
      'the breaker to open',
      50,
      20,
    );

    const from = Date.now();
    while (Date.now() - from < 3.5 * RESET_MS) {
      const stale = await fetch(cachedRead, { headers: callerHeaders('experience-storefront') });
      expect(stale.status).toBe(200);
      expect(stale.headers.get('x-cache')).toBe('STALE');
      await sleep(25);
    }
    const to = Date.now();
    const probes = (await sandbox.calls('erp')).filter((c) => {
      const at = Date.parse(c.receivedAt);
      return c.path.includes('A_MatlStkInAcctMod') && at >= from && at <= to;
    });
    expect(probes.length).toBeGreaterThanOrEqual(1);
    expect(probes.length).toBeLessThanOrEqual(Math.ceil(3.5) + 1);

    await sandbox.setFaults('erp', { outage: false });
    const fresh = await waitFor(
      async () => {
        const answer = await fetch(cachedRead, { headers: callerHeaders('experience-storefront') });
        return answer.headers.get('x-cache') === 'STALE' ? undefined : answer;
      },
      'a fresh answer after recovery',
      60,
      100,
    );
    expect(fresh.status).toBe(200);
    // Loaded by the retry that runs behind the stale answers (at most one a second), not by a reader waiting for it.
    expect(fresh.headers.get('x-cache')).toBe('HIT');
    expect(ageOf(fresh)).toBe(0);
    expect((await breakerStates(erp.url, 'erp'))['read material stock']).toBe('closed');
  });
});
