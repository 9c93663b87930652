import type { AppProcess } from '../../support/app-process';
import { ageOf, secondsSince } from '../../support/cache-headers';
import { stockAt } from '../../support/orders-stack';
import type { SandboxClient } from '../../support/sandbox-client';
import {
  isolatedRedisPrefix,
  startSandbox,
  startSystemApp,
  stopAll,
  callerHeaders,
} from '../../support/stack';
import {
  REDIS_TOPOLOGIES,
  type RedisTopologyName,
  type TestRedis,
  startTestRedis,
} from '../../support/test-redis';

const STOCK_READ = 'A_MatlStkInAcctMod';

async function erpStockReads(sandbox: SandboxClient): Promise<number> {
  return (await sandbox.calls('erp')).filter((c) => c.path.includes(STOCK_READ)).length;
}

describe.each<[string, RedisTopologyName | undefined]>([
  ['Redis', 'single'],
  ['a Redis Cluster', 'cluster'],
  ['the embedded in-memory store', undefined],
])('system-erp reads on %s', (_store, topology) => {
  const prefix = isolatedRedisPrefix();
  let testRedis: TestRedis | undefined;
  let sandboxApp: AppProcess;
  let sandbox: SandboxClient;
  let erp: AppProcess;
  let storeId: string;
  let skus: string[];

  beforeAll(async () => {
    testRedis = topology && (await startTestRedis(topology));
    ({ app: sandboxApp, sandbox } = await startSandbox());
    erp = await startSystemApp('system-erp', sandboxApp.url, { ...testRedis?.env, REDIS_KEY_PREFIX: prefix });
    const seed = await sandbox.seed();
    storeId = seed.stores[0].storeId;
    skus = seed.skus.slice(0, 3);
  });
  afterAll(async () => {
    await stopAll(erp, sandboxApp);
    await testRedis?.stop(prefix);
  });

  it('answers a second read from cache without calling the ERP', async () => {
    const url = `${erp.url}/v1/inventory/stores/${storeId}?skus=${skus.join(',')}`;
    const startedAt = Date.now();
    const first = await fetch(url, { headers: callerHeaders('experience-storefront') });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(ageOf(first)).toBe(0);
    const callsAfterMiss = await erpStockReads(sandbox);
    expect(callsAfterMiss).toBe(1);

    const second = await fetch(url, { headers: callerHeaders('experience-storefront') });
    expect(second.status).toBe(200);
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(ageOf(second)).toBeLessThanOrEqual(secondsSince(startedAt));
    expect(await second.json()).toEqual(await first.json());
    expect(await erpStockReads(sandbox)).toBe(callsAfterMiss);
  });

  it('maps the ERP stock rows to canonical positions: what the ERP holds reserved is not available', async () => {
    const seed = await sandbox.seed();
    const levels = await stockAt(sandbox, storeId, seed.skus.slice(100, 300));
    const partlyHeld = levels.find((l) => l.reserved > 0 && l.reserved < l.onHand)!;
    const free = levels.find((l) => l.reserved === 0 && l.onHand > 0)!;
    expect(partlyHeld).toBeDefined();
    expect(free).toBeDefined();
    const response = await fetch(
      `${erp.url}/v1/inventory/stores/${storeId}?skus=${partlyHeld.sku},${free.sku}`,
      { headers: callerHeaders('experience-storefront') },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { positions: Record<string, unknown>[]; notCarried: string[] };
    expect(body.notCarried).toEqual([]);
    const asOf = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
    expect(body.positions).toEqual(
      expect.arrayContaining([
        {
          sku: partlyHeld.sku,
          locationId: storeId,
          onHand: partlyHeld.onHand,
          reserved: partlyHeld.reserved,
          available: partlyHeld.onHand - partlyHeld.reserved,
          asOf,
        },
        {
          sku: free.sku,
          locationId: storeId,
          onHand: free.onHand,
          reserved: 0,
          available: free.onHand,
          asOf,
        },
      ]),
    );
    expect(body.positions).toHaveLength(2);
  });
});

describe.each(REDIS_TOPOLOGIES)('system-erp replicas sharing %s Redis', (topology) => {
  // Shorter than the default, so that an ERP slower than the lock's life is quick to stage, and long
  // enough that a test machine's stalls do not outlast it between two renewals.
  const LOCK_TTL_MS = 2_000;
  const prefix = isolatedRedisPrefix();
  let testRedis: TestRedis;
  let sandboxApp: AppProcess;
  let sandbox: SandboxClient;
  let replicas: AppProcess[];

  beforeAll(async () => {
    testRedis = await startTestRedis(topology);
    ({ app: sandboxApp, sandbox } = await startSandbox());
    // A slow ERP keeps the miss window open long enough for every request to overlap it.
    await sandbox.setFaults('erp', { latencyMs: 300 });
    // 500 requests at once stall a busy test machine's event loops for longer than the default Redis
    // command timeout, and a timed-out lock command fails open (each replica loads alone): that is
    // erp-redis-outage.spec.ts's subject, not this one's.
    const env = {
      ...testRedis.env,
      REDIS_KEY_PREFIX: prefix,
      REDIS_COMMAND_TIMEOUT_MS: '5000',
      CACHE_LOCK_TTL_MS: String(LOCK_TTL_MS),
      BACKEND_TIMEOUT_MS: '10000',
    };
    replicas = await Promise.all([
      startSystemApp('system-erp', sandboxApp.url, env),
      startSystemApp('system-erp', sandboxApp.url, env),
    ]);
  });
  afterAll(async () => {
    await stopAll(...(replicas ?? []), sandboxApp);
    await testRedis?.stop(prefix);
  });

  it("answers a SKU at many stores from the Redis it was pointed at: each store's keys in one slot, the stores spread over the masters", async () => {
    const seed = await sandbox.seed();
    const storeIds = seed.stores.slice(0, 8).map((s) => s.storeId);
    const sku = seed.skus[11];
    const path = `/v1/inventory/skus/${sku}?storeIds=${storeIds.join(',')}`;
    const miss = await fetch(`${replicas[0].url}${path}`, {
      headers: callerHeaders('experience-storefront'),
    });
    expect(miss.status).toBe(200);
    const before = await erpStockReads(sandbox);
    // The other replica has no copy of its own: only a read of every store's slot answers it.
    const hit = await fetch(`${replicas[1].url}${path}`, { headers: callerHeaders('experience-storefront') });
    expect(hit.status).toBe(200);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(await hit.json()).toEqual(await miss.json());
    expect(await erpStockReads(sandbox)).toBe(before);

    const byMaster = await testRedis.keysByMaster(`${prefix}cache:stock:*:${sku}`);
    const storesByMaster = byMaster.map(
      (keys) => new Set(keys.map((key) => key.slice(key.indexOf('{') + 1, key.indexOf('}')))),
    );
    expect(storesByMaster.flatMap((stores) => [...stores]).sort()).toEqual([...storeIds].sort());
    const mastersUsed = storesByMaster.filter((stores) => stores.size > 0).length;
    expect(mastersUsed > 1).toBe(topology === 'cluster');
  });

  it('turns 500 concurrent misses on one SKU into exactly one ERP call', async () => {
    const seed = await sandbox.seed();
    const storeId = seed.stores[1].storeId;
    const sku = seed.skus[7];
    const before = await erpStockReads(sandbox);
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        fetch(`${replicas[i % 2].url}/v1/inventory/stores/${storeId}?skus=${sku}`, {
          headers: callerHeaders('experience-storefront'),
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(500).fill(200));
    const bodies = await Promise.all(answers.map((a) => a.json()));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect((await erpStockReads(sandbox)) - before).toBe(1);
  });

  it('still costs one ERP call when the ERP is slower than the lock lives: the owner renews it while it loads', async () => {
    await sandbox.setFaults('erp', { latencyMs: LOCK_TTL_MS * 2.5 });
    const seed = await sandbox.seed();
    const storeId = seed.stores[2].storeId;
    const sku = seed.skus[9];
    const before = await erpStockReads(sandbox);
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`${replicas[i % 2].url}/v1/inventory/stores/${storeId}?skus=${sku}`, {
          headers: callerHeaders('process-orders'),
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(200).fill(200));
    const bodies = await Promise.all(answers.map((a) => a.json()));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect((await erpStockReads(sandbox)) - before).toBe(1);
  });
});
