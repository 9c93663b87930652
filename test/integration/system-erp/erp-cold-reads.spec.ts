import { notCarriedPair } from '@omnigate/contracts';
import type { AppProcess } from '../../support/app-process';
import { stockAt } from '../../support/orders-stack';
import type { SandboxClient } from '../../support/sandbox-client';
import {
  REDIS_URL,
  callerHeaders,
  isolatedRedisPrefix,
  startSandbox,
  startSystemApp,
  stopAll,
} from '../../support/stack';

const STOCK_READ = 'A_MatlStkInAcctMod';
const READS = 1_000;
const SKUS = 100;
const CONCURRENCY = 50;

interface Positions {
  positions: { sku: string; locationId: string; onHand: number; reserved: number; available: number }[];
  notCarried: string[];
}

/** Runs `count` tasks, at most `concurrency` at once. */
async function concurrently<T>(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) results[i] = await task(i);
    }),
  );
  return results;
}

/** Each SKU read READS / SKUS times, in an order that makes reads of different SKUs overlap. */
function readOrder(skus: string[]): string[] {
  return Array.from({ length: READS }, (_, i) => skus[(i * 37) % skus.length]);
}

describe.each([
  ['Redis', { REDIS_URL }],
  ['the embedded in-memory store', {}],
])('system-erp cold reads on %s', (_store, storeEnv) => {
  let sandboxApp: AppProcess;
  let sandbox: SandboxClient;
  let erp: AppProcess;

  beforeAll(async () => {
    ({ app: sandboxApp, sandbox } = await startSandbox());
    // The sandbox ERP's default quota stays on (8 calls at once, 200/s). Its latency is raised so
    // that a busy test machine, slow to send the reads, still has them overlap one ERP round trip.
    await sandbox.setFaults('erp', { latencyMs: 200 });
    erp = await startSystemApp('system-erp', sandboxApp.url, {
      ...storeEnv,
      REDIS_KEY_PREFIX: isolatedRedisPrefix(),
      BACKEND_TIMEOUT_MS: '10000',
    });
  });
  afterAll(() => stopAll(erp, sandboxApp));

  it(`answers ${READS} concurrent reads of ${SKUS} SKUs of one store with a few batched ERP queries, none refused, each answer right`, async () => {
    const seed = await sandbox.seed();
    const storeId = seed.stores[4].storeId;
    const skus = seed.skus.slice(0, SKUS);
    const levels = new Map((await stockAt(sandbox, storeId, skus)).map((l) => [l.sku, l]));
    // The seed holds units reserved on some SKUs: the answers must show them.
    expect([...levels.values()].some((l) => l.reserved > 0)).toBe(true);
    expect(levels.size).toBeLessThan(SKUS);
    const readsBefore = (await sandbox.calls('erp')).filter((c) => c.path.includes(STOCK_READ)).length;

    const order = readOrder(skus);
    const answers = await concurrently(READS, CONCURRENCY, async (i) => {
      const response = await fetch(`${erp.url}/v1/inventory/stores/${storeId}?skus=${order[i]}`, {
        headers: callerHeaders('experience-storefront'),
      });
      return { sku: order[i], status: response.status, body: (await response.json()) as Positions };
    });

    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    for (const { sku, body } of answers) {
      const level = levels.get(sku);
      if (!level) {
        expect(body).toEqual({ positions: [], notCarried: [notCarriedPair(storeId, sku)] });
        continue;
      }
      expect(body.notCarried).toEqual([]);
      expect(body.positions).toEqual([
        expect.objectContaining({
          sku,
          locationId: storeId,
          onHand: level.onHand,
          reserved: level.reserved,
          available: Math.max(0, level.onHand - level.reserved),
        }),
      ]);
    }
    const stockReads = (await sandbox.calls('erp')).filter((c) => c.path.includes(STOCK_READ));
    expect(stockReads.length - readsBefore).toBeLessThanOrEqual(10);
    expect(stockReads.filter((c) => c.status === 429)).toEqual([]);
  });

  it('keeps its calls to the ERP within the ERP quota of 8 at once: misses of many stores queue here, not refused there', async () => {
    const seed = await sandbox.seed();
    const stores = seed.stores.slice(0, 30).map((s) => s.storeId);
    const sku = seed.skus[150];
    await sandbox.clearCounters();
    // One store each: no batch can join them, so 30 ERP queries want to run at once.
    const answers = await Promise.all(
      stores.map((storeId) =>
        fetch(`${erp.url}/v1/inventory/stores/${storeId}?skus=${sku}`, {
          headers: callerHeaders('experience-storefront'),
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(stores.map(() => 200));
    const erpCounters = (await sandbox.counters()).erp;
    expect(erpCounters.operations[`GET ${STOCK_READ}`]).toEqual({ calls: stores.length, refused: 0 });
    expect(erpCounters.maxInFlight).toBeGreaterThan(1);
    expect(erpCounters.maxInFlight).toBeLessThanOrEqual(8);
  });
});
