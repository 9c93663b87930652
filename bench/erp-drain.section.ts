import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { planOrders } from './pickup-orders.section';
import type { SandboxAdmin } from './sandbox-admin';
import { type BackendStack, type BenchProcess, dropBenchSchemas, startApp, stopAll } from './stack';

/** Section 6: a backlog of ERP postings drained by one replica of process-orders (PGlite), or by two sharing one quota in PostgreSQL. */
export interface ErpDrainResult {
  replicas: number;
  database: 'PGlite' | 'PostgreSQL';
  postings: number;
  /** The quota, set alike in the sandbox ERP and in ERP_POSTING_RATE_PER_S / ERP_POSTING_CONCURRENCY. */
  quota: { perS: number; maxConcurrent: number };
  documents: number;
  distinctReferences: number;
  firstToLastS: number;
  postingsPerS: number;
  /** Drain rate over the quota: the goal is at least 0.9, never above 1. */
  ratioToQuota: number;
  maxInFlight: number;
  refusedForQuota: number;
  pendingAtEnd: number;
  deadAtEnd: number;
}

// BENCH_DRAIN_POSTINGS shortens the backlog on a machine too busy to place 1,000 orders in reasonable time.
const POSTINGS = Number(process.env.BENCH_DRAIN_POSTINGS ?? 1_000);
const QUOTA_PER_S = 50;
const QUOTA_CONCURRENCY = 8;
const PLACING_CONNECTIONS = 20;
const PLACING_ATTEMPTS = 5;
const DRAIN_TIMEOUT_MS = 180_000;

interface Backlog {
  pending: number;
  posted: number;
  dead: number;
}

/**
 * Builds a backlog of DEMAND postings while the ERP is down (pickup orders placed on the replicas),
 * then lets the replicas drain it and measures the rate the ERP saw against its quota. Two replicas
 * need a PostgreSQL server (`databaseUrl`): they share the quota through it; one replica without it
 * runs on its embedded PGlite.
 */
export async function benchErpDrain(
  stack: BackendStack,
  sandbox: SandboxAdmin,
  picks: { storeIds: string[]; skus: string[] },
  shape: { replicas: 1 } | { replicas: 2; databaseUrl: string },
): Promise<ErpDrainResult> {
  const databaseUrl = 'databaseUrl' in shape ? shape.databaseUrl : undefined;
  const schema = `bench_drain_${randomBytes(4).toString('hex')}`;
  const env: Record<string, string> = {
    INTERNAL_CALLER_KEY_DIGESTS: stack.callers.accepted,
    INTERNAL_SERVICE_KEY: stack.callers.keys['process-orders'],
    SYSTEM_ERP_URL: stack.systems['system-erp'].url,
    SYSTEM_POS_URL: stack.systems['system-pos'].url,
    SYSTEM_LOYALTY_URL: stack.systems['system-loyalty'].url,
    SYSTEM_OMS_URL: stack.systems['system-oms'].url,
    ...(databaseUrl && { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema }),
    ERP_POSTING_RATE_PER_S: String(QUOTA_PER_S),
    ERP_POSTING_CONCURRENCY: String(QUOTA_CONCURRENCY),
    // Postings refused during the build-up come back within a second of the ERP's return.
    ERP_POSTING_MAX_RETRY_DELAY_S: '1',
  };
  const replicas: BenchProcess[] = [];
  const quotaBefore = await sandbox.erpQuota();
  try {
    for (let i = 0; i < shape.replicas; i++) replicas.push(await startApp('process-orders', env));
    const backlogOf = async (): Promise<Backlog> =>
      (
        (await fetch(`${replicas[0].url}/v1/ops/erp-postings`, {
          headers: { 'x-service-key': stack.callers.keys.operator },
        }).then((r) => r.json())) as { backlog: Backlog }
      ).backlog;

    const lines = await planOrders(sandbox, picks.storeIds, picks.skus, POSTINGS);
    await sandbox.setErpFaults({
      outage: true,
      quota: { maxConcurrent: QUOTA_CONCURRENCY, perWindow: QUOTA_PER_S, windowMs: 1000 },
    });
    let next = 0;
    await Promise.all(
      Array.from({ length: PLACING_CONNECTIONS }, async () => {
        for (let n = next++; n < POSTINGS; n = next++) {
          const { storeId, sku } = lines[n];
          // A busy machine may time a placement out: it is sent again under its key, which places it once.
          for (let attempt = 1; ; attempt++) {
            const response = await fetch(`${replicas[n % replicas.length].url}/v1/pickup-orders`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                'x-service-key': stack.callers.keys['experience-storefront'],
                'idempotency-key': `drain-${schema}-${n}`,
              },
              body: JSON.stringify({ storeId, lines: [{ sku, quantity: 1 }] }),
            });
            if (response.status === 201 || response.status === 202) break;
            const answer = `placing order ${n} answered ${response.status}: ${await response.text()}`;
            if (response.status < 500 || attempt === PLACING_ATTEMPTS) throw new Error(answer);
            await sleep(500);
          }
        }
      }),
    );

    await sandbox.clearCountersAndCalls();
    await sandbox.setErpFaults({ outage: false });
    const startedAt = Date.now();
    let backlog = await backlogOf();
    while (backlog.pending > 0 && Date.now() - startedAt < DRAIN_TIMEOUT_MS) {
      await sleep(250);
      backlog = await backlogOf();
    }

    const created = (await sandbox.calls('erp', 'POST A_RetailDocument')).filter((c) => c.status === 201);
    const references = new Set(
      created.map((c) => (c.body as { ExternalReference?: string } | undefined)?.ExternalReference),
    );
    const firstAt = Math.min(...created.map((c) => Date.parse(c.receivedAt)));
    const lastAt = Math.max(...created.map((c) => Date.parse(c.receivedAt)));
    // Starts, first to last: n documents started over (n - 1) gaps.
    const firstToLastS = created.length > 1 ? (lastAt - firstAt) / 1000 : 0;
    const postingsPerS = firstToLastS > 0 ? (created.length - 1) / firstToLastS : 0;
    const counters = await sandbox.counters('erp');
    return {
      replicas: replicas.length,
      database: databaseUrl ? 'PostgreSQL' : 'PGlite',
      postings: POSTINGS,
      quota: { perS: QUOTA_PER_S, maxConcurrent: QUOTA_CONCURRENCY },
      documents: created.length,
      distinctReferences: references.size,
      firstToLastS,
      postingsPerS,
      ratioToQuota: postingsPerS / QUOTA_PER_S,
      maxInFlight: counters.maxInFlight ?? 0,
      refusedForQuota: counters.refusedByStatus?.['429'] ?? 0,
      pendingAtEnd: backlog.pending,
      deadAtEnd: backlog.dead,
    };
  } finally {
    await stopAll(...replicas);
    await sandbox.setErpFaults({ outage: false, quota: quotaBefore });
    if (databaseUrl) await dropBenchSchemas(databaseUrl, schema);
  }
}
