import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { planOrders } from './pickup-orders.section';
import type { SandboxAdmin } from './sandbox-admin';
import { type BackendStack, type BenchProcess, startApp, stopAll } from './stack';

/** Section 4: a backlog of ERP postings drained by two replicas of process-orders sharing one quota in PostgreSQL. */
export interface ErpDrainResult {
  replicas: number;
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

const POSTINGS = 1_000;
const QUOTA_PER_S = 50;
const QUOTA_CONCURRENCY = 8;
const PLACING_CONNECTIONS = 20;
const DRAIN_TIMEOUT_MS = 180_000;

interface Backlog {
  pending: number;
  posted: number;
  dead: number;
}

/**
 * Builds a backlog of DEMAND postings while the ERP is down (pickup orders placed on one replica),
 * then lets two replicas drain it and measures the rate the ERP saw against its quota. Needs a
 * PostgreSQL server (`BENCH_DATABASE_URL`): the replicas share the quota through it.
 */
export async function benchErpDrain(
  stack: BackendStack,
  sandbox: SandboxAdmin,
  picks: { storeIds: string[]; skus: string[] },
  databaseUrl: string,
): Promise<ErpDrainResult> {
  const schema = `bench_drain_${randomBytes(4).toString('hex')}`;
  const env = {
    INTERNAL_CALLER_KEY_DIGESTS: stack.callers.accepted,
    INTERNAL_SERVICE_KEY: stack.callers.keys['process-orders'],
    SYSTEM_ERP_URL: stack.systems['system-erp'].url,
    SYSTEM_POS_URL: stack.systems['system-pos'].url,
    SYSTEM_LOYALTY_URL: stack.systems['system-loyalty'].url,
    SYSTEM_OMS_URL: stack.systems['system-oms'].url,
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema,
    ERP_POSTING_RATE_PER_S: String(QUOTA_PER_S),
    ERP_POSTING_CONCURRENCY: String(QUOTA_CONCURRENCY),
    // Postings refused during the build-up come back within a second of the ERP's return.
    ERP_POSTING_MAX_RETRY_DELAY_S: '1',
  };
  const replicas: BenchProcess[] = [];
  const quotaBefore = await sandbox.erpQuota();
  try {
    replicas.push(await startApp('process-orders', env));
    replicas.push(await startApp('process-orders', env));
    const backlogOf = async (): Promise<Backlog> =>
      ((await fetch(`${replicas[0].url}/v1/ops/erp-postings`, { headers: { 'x-service-key': stack.callers.keys.operator } }).then((r) =>
        r.json(),
      )) as { backlog: Backlog }).backlog;

    const lines = await planOrders(sandbox, picks.storeIds, picks.skus, POSTINGS);
    await sandbox.setErpFaults({ outage: true, quota: { maxConcurrent: QUOTA_CONCURRENCY, perWindow: QUOTA_PER_S, windowMs: 1000 } });
    let next = 0;
    await Promise.all(
      Array.from({ length: PLACING_CONNECTIONS }, async () => {
        for (let n = next++; n < POSTINGS; n = next++) {
          const { storeId, sku } = lines[n];
          const response = await fetch(`${replicas[n % 2].url}/v1/pickup-orders`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-service-key': stack.callers.keys['experience-storefront'],
              'idempotency-key': `drain-${schema}-${n}`,
            },
            body: JSON.stringify({ storeId, lines: [{ sku, quantity: 1 }] }),
          });
          if (response.status !== 201) throw new Error(`placing order ${n} answered ${response.status}: ${await response.text()}`);
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
    const references = new Set(created.map((c) => (c.body as { ExternalReference?: string } | undefined)?.ExternalReference));
    const firstAt = Math.min(...created.map((c) => Date.parse(c.receivedAt)));
    const lastAt = Math.max(...created.map((c) => Date.parse(c.receivedAt)));
    // Starts, first to last: n documents started over (n - 1) gaps.
    const firstToLastS = created.length > 1 ? (lastAt - firstAt) / 1000 : 0;
    const postingsPerS = firstToLastS > 0 ? (created.length - 1) / firstToLastS : 0;
    const counters = await sandbox.counters('erp');
    return {
      replicas: replicas.length,
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
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`);
    } finally {
      await client.end();
    }
  }
}
