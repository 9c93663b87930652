import { setTimeout as sleep } from 'node:timers/promises';
import { type LoadFigures, type LoadSettings, bestOf, runConcurrently, warmUp } from './load';
import { bestPaced, warmUpPaced } from './paced-load';
import type { SandboxAdmin } from './sandbox-admin';
import { type BackendStack, PINNING, startApp, startBareFastify, systemAppEnv } from './stack';

/** Section 1: what system-erp's cache costs over bare Fastify, and how well it shields the ERP. */
export interface FoundationResult {
  key: { storeId: string; sku: string };
  systemErp: LoadFigures;
  bareFastify: LoadFigures;
  /** system-erp cached reads per second over bare Fastify's. */
  ratio: number;
  /** Bare Fastify's CPU time per answer over system-erp's: the ratio with the machine's other work taken out. */
  cpuRatio?: number;
  /** Each figure is the best of this many timed runs, taken in turns. */
  rounds: number;
  pinned: string;
  coldCache: {
    storeId: string;
    reads: number;
    skus: number;
    concurrency: number;
    readsAnsweredOk: number;
    /** Answers other than 200 to the cold reads, by status. */
    otherAnswersByStatus: Record<string, number>;
    /** `GET A_MatlStkInAcctMod` calls the sandbox received, refused ones (429 quota) included. */
    erpCalls: number;
    erpCallsRefused: number;
    erpCallsPer1000Reads: number;
  };
  erpDown: ErpDownResult;
}

/** The cached read with the ERP down: every answer stale, served while refreshes fail behind it. */
export interface ErpDownResult {
  /** Half the cached read's peak rate (the best run above), paced evenly (see pacedLoad). */
  ratePerS: number;
  /** At most this many requests in flight, each on its keep-alive connection. */
  connections: number;
  /** The same rate with the ERP up (entries refreshed behind the answers), for comparison. */
  erpUp: LoadFigures;
  figures: LoadFigures;
  /** X-Cache of an answer read after the run: STALE when the figures are of stale answers. */
  cacheState: string | null;
  /** Stock reads the sandbox ERP received (and refused) during the timed run. */
  erpCalls: number;
}

const COLD_READS = 1_000;
const COLD_SKUS = 100;
const COLD_CONCURRENCY = 50;
const STOCK_READ = 'GET A_MatlStkInAcctMod';

/** The reads of the cold test: each of the SKUs ten times, shuffled (seeded) so that misses of one key overlap. */
function coldReadOrder(skus: string[], reads: number): string[] {
  const order = Array.from({ length: reads }, (_, i) => skus[i % skus.length]);
  let seed = 20_251_123;
  for (let i = order.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

function countOthers(statuses: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of statuses) if (status !== 200) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

export async function benchFoundation(
  stack: BackendStack,
  sandbox: SandboxAdmin,
  picks: { warm: { storeId: string; sku: string }; coldStoreId: string; coldSkus: string[] },
  load: LoadSettings & { rounds: number },
): Promise<FoundationResult> {
  const erp = stack.systems['system-erp'];
  // Read as the experience layer reads stock.
  const headers = { 'x-service-key': stack.callers.keys['experience-storefront'] };

  // Cold first, while system-erp has read nothing of this store yet.
  const order = coldReadOrder(picks.coldSkus.slice(0, COLD_SKUS), COLD_READS);
  const before = await sandbox.operation('erp', STOCK_READ);
  const statuses = await runConcurrently(order.length, COLD_CONCURRENCY, async (i) => {
    const response = await fetch(`${erp.url}/v1/inventory/stores/${picks.coldStoreId}?skus=${order[i]}`, {
      headers,
    });
    await response.arrayBuffer();
    return response.status;
  });
  const after = await sandbox.operation('erp', STOCK_READ);
  const erpCalls = after.calls - before.calls;

  // The warm key: read once to fill the cache and to give the baseline the very same body.
  const path = `/v1/inventory/stores/${picks.warm.storeId}?skus=${picks.warm.sku}`;
  const first = await fetch(`${erp.url}${path}`, { headers });
  if (!first.ok) throw new Error(`system-erp answered ${first.status} to ${path}: ${await first.text()}`);
  const body: unknown = await first.json();

  const bare = await startBareFastify('bare-fastify (inventory body)', body);
  try {
    const erpLoad = {
      app: erp,
      url: `${erp.url}${path}`,
      headers,
      connections: load.connections,
      durationS: load.durationS,
    };
    const bareLoad = {
      app: bare,
      url: `${bare.url}${path}`,
      connections: load.connections,
      durationS: load.durationS,
    };
    await warmUp(erpLoad, load.warmUpS);
    await warmUp(bareLoad, load.warmUpS);
    const [systemErp, bareFastify] = await bestOf(load.rounds, [erpLoad, bareLoad]);
    const cacheState = (await fetch(`${erp.url}${path}`, { headers })).headers.get('x-cache');
    if (cacheState !== 'HIT')
      throw new Error(
        `the warm key answered X-Cache: ${cacheState} after the run; the figures are not of cached reads`,
      );
    const erpDown = await benchErpDown(stack, sandbox, { path, headers }, systemErp.okPerS / 2, load);
    return {
      key: picks.warm,
      systemErp,
      bareFastify,
      ratio: systemErp.okPerS / bareFastify.okPerS,
      cpuRatio:
        systemErp.appCpuUsPerRequest && bareFastify.appCpuUsPerRequest
          ? bareFastify.appCpuUsPerRequest / systemErp.appCpuUsPerRequest
          : undefined,
      rounds: load.rounds,
      pinned: PINNING
        ? `autocannon on core ${PINNING.load}, system-erp and bare Fastify on core ${PINNING.measured} (taskset), the other apps moved to core ${PINNING.load} meanwhile`
        : 'not pinned',
      coldCache: {
        storeId: picks.coldStoreId,
        reads: order.length,
        skus: new Set(order).size,
        concurrency: COLD_CONCURRENCY,
        readsAnsweredOk: statuses.filter((s) => s === 200).length,
        otherAnswersByStatus: countOthers(statuses),
        erpCalls,
        erpCallsRefused: after.refused - before.refused,
        erpCallsPer1000Reads: (erpCalls / order.length) * 1_000,
      },
      erpDown,
    };
  } finally {
    await bare.stop();
  }
}

/**
 * The same cached read with the ERP down, at half the peak rate (the best of `rounds` paced runs,
 * see bestPaced), on a system-erp of its own whose
 * entries go stale within a second: past freshness and stale-while-revalidate, every answer is
 * stale-if-error while the refreshes behind it fail (the breaker opens, coalescing keeps them few).
 */
async function benchErpDown(
  stack: BackendStack,
  sandbox: SandboxAdmin,
  read: { path: string; headers: Record<string, string> },
  ratePerS: number,
  load: LoadSettings & { rounds: number },
): Promise<ErpDownResult> {
  const erp = await startApp(
    'system-erp',
    {
      ...systemAppEnv('system-erp', stack.sandbox.url, stack.callers),
      STOCK_TTL_S: '1',
      STOCK_STALE_WHILE_REVALIDATE_S: '1',
    },
    { measured: true },
  );
  const url = `${erp.url}${read.path}`;
  try {
    const first = await fetch(url, { headers: read.headers });
    if (!first.ok)
      throw new Error(`system-erp answered ${first.status} to ${read.path}: ${await first.text()}`);
    const paced = {
      url,
      headers: read.headers,
      connections: load.connections,
      ratePerS: Math.round(ratePerS),
    };
    // The same pace with the ERP up: what the machine alone does to the latencies.
    await warmUpPaced(paced, load.warmUpS);
    const erpUp = await bestPaced(load.rounds, { ...paced, durationS: load.durationS });
    await sandbox.setErpFaults({ outage: true });
    // Past freshness and stale-while-revalidate (1 s each): from here every answer is stale-if-error.
    await sleep(2_500);
    await warmUpPaced(paced, load.warmUpS);
    const before = await sandbox.operation('erp', STOCK_READ);
    const figures = await bestPaced(load.rounds, { ...paced, durationS: load.durationS });
    const after = await sandbox.operation('erp', STOCK_READ);
    const cacheState = (await fetch(url, { headers: read.headers })).headers.get('x-cache');
    return {
      ratePerS: paced.ratePerS,
      connections: paced.connections,
      erpUp,
      figures,
      cacheState,
      erpCalls: after.calls - before.calls,
    };
  } finally {
    await sandbox.setErpFaults({ outage: false });
    await erp.stop();
  }
}
