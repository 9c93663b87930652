import { setTimeout as sleep } from 'node:timers/promises';
import type { AppProcess } from '../../support/app-process';
import type { SandboxClient } from '../../support/sandbox-client';
import {
  REDIS_URL,
  isolatedRedisPrefix,
  startSandbox,
  startSystemApp,
  stopAll,
  callerHeaders,
} from '../../support/stack';

describe('system-erp when the ERP answers 429', () => {
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
      RETRY_AFTER_MAX_WAIT_MS: '3000',
    });
    const seed = await sandbox.seed();
    storeId = seed.stores[3].storeId;
    skus = seed.skus.slice(40, 43);
  });
  afterAll(() => stopAll(erp, sandboxApp));
  beforeEach(() => sandbox.setFaults('erp', { force429: 0 }));

  it('waits as long as Retry-After says, then answers', async () => {
    await sandbox.setFaults('erp', { force429: 1, force429RetryAfterS: 1 });
    const answer = await fetch(`${erp.url}/v1/inventory/stores/${storeId}?skus=${skus[0]}`, {
      headers: callerHeaders('experience-storefront'),
    });
    expect(answer.status).toBe(200);

    const reads = (await sandbox.calls('erp')).filter(
      (c) => c.path.includes('A_MatlStkInAcctMod') && c.path.includes(skus[0]),
    );
    expect(reads.map((c) => c.status)).toEqual([429, 200]);
    const waitedMs = Date.parse(reads[1].receivedAt) - Date.parse(reads[0].finishedAt);
    expect(waitedMs).toBeGreaterThanOrEqual(1_000);
  });

  it('answers from cache rather than report a fault while the quota is exhausted', async () => {
    const cachedRead = `${erp.url}/v1/inventory/stores/${storeId}?skus=${skus[1]}`;
    expect((await fetch(cachedRead, { headers: callerHeaders('experience-storefront') })).status).toBe(200);
    await sleep(1_100);
    await sandbox.setFaults('erp', { force429: 50, force429RetryAfterS: 30 });

    const stale = await fetch(cachedRead, { headers: callerHeaders('experience-storefront') });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-cache')).toBe('STALE');

    const uncached = await fetch(`${erp.url}/v1/inventory/stores/${storeId}?skus=${skus[2]}`, {
      headers: callerHeaders('experience-storefront'),
    });
    expect(uncached.status).toBe(503);
    expect(uncached.headers.get('retry-after')).toBe('30');
    expect(await uncached.json()).toMatchObject({
      type: 'https://omnigate.dev/problems/upstream-quota-exceeded',
      status: 503,
    });
  });
});
