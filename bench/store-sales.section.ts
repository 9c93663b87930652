import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxAdmin } from './sandbox-admin';
import { type BackendStack, type BenchProcess, dropBenchSchemas, startApp, stopAll } from './stack';

/** Section 4: a backlog of till sales sent in batches, 10% of them twice, and the ERP SALE documents they cause. */
export interface StoreSalesResult {
  /** process-orders replicas: one on its embedded PGlite, or two sharing PostgreSQL and the ERP quota. */
  replicas: number;
  uniqueSales: number;
  sent: number;
  registers: number;
  batchSize: number;
  senders: number;
  acceptS: number;
  acceptedPerS: number;
  accepted: number;
  duplicates: number;
  refused: number;
  /** Status and body of the first batch answered otherwise than 200, if any. */
  firstFailure?: string;
  documents: number;
  distinctReferences: number;
  drainS: number;
  postingsPerS: number;
  configuredRatePerS: number;
  /** Drain over the configured rate: with two replicas the goal is at least 0.9, never above 1. */
  ratioToQuota: number;
  documentsMatchSales: boolean;
}

const UNIQUE_SALES = Number(process.env.BENCH_SALES ?? 10_000);
const STORES = 4;
const REGISTERS_PER_STORE = 5;
const BATCH = 200;
const SENDERS = 2;
const RESENT_SHARE = 0.1;
// One embedded replica: the sandbox ERP's own quota (200 documents/s, 8 in flight), so the drain is
// bounded by the replica, not by the setting. Two replicas: a quota they can reach, set alike in the
// sandbox ERP and in ERP_POSTING_RATE_PER_S, which they share through PostgreSQL.
const ONE_REPLICA_RATE_PER_S = 200;
const TWO_REPLICAS_QUOTA = { perS: 50, maxConcurrent: 8 };
// Long enough for every document: on two cores the embedded process-orders drains 30-45 a second,
// so 10,000 take 220-330 s (the 240 s it had ended some runs with documents still on their way).
const DRAIN_TIMEOUT_MS = 420_000;

interface Sale {
  storeId: string;
  registerId: string;
  sequence: number;
  businessDate: string;
  occurredAt: string;
  currency: string;
  lines: { lineNumber: number; sku: string; quantity: number; unitPriceMinor: number }[];
  tenders: { type: 'CARD'; amountMinor: number }[];
}

function planSales(storeIds: string[], skus: string[]): Sale[] {
  const sales: Sale[] = [];
  const registers = storeIds.flatMap((storeId) =>
    Array.from({ length: REGISTERS_PER_STORE }, (_, r) => ({ storeId, registerId: `BENCH-${r + 1}` })),
  );
  for (let n = 0; n < UNIQUE_SALES; n++) {
    const { storeId, registerId } = registers[n % registers.length];
    const lines = Array.from({ length: 1 + (n % 3) }, (_, i) => ({
      lineNumber: i + 1,
      sku: skus[(n * 7 + i) % skus.length],
      quantity: 1 + ((n + i) % 3),
      unitPriceMinor: 199 + ((n * 31 + i * 17) % 4_800),
    }));
    const total = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
    sales.push({
      storeId,
      registerId,
      sequence: Math.floor(n / registers.length) + 1,
      businessDate: '2026-11-27',
      occurredAt: '2026-11-27T12:00:00.000Z',
      currency: 'USD',
      lines,
      tenders: [{ type: 'CARD', amountMinor: total }],
    });
  }
  return sales;
}

/** Every unique sale once, a tenth of them again, shuffled the same way on every run. */
function backlogOf(sales: Sale[]): Sale[] {
  const resent = sales.filter((_, n) => n % Math.round(1 / RESENT_SHARE) === 3);
  const all = [...sales, ...resent];
  let seed = 20_261_130;
  for (let i = all.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = seed % (i + 1);
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all;
}

export async function benchStoreSales(
  stack: BackendStack,
  sandbox: SandboxAdmin,
  picks: { storeIds: string[]; skus: string[] },
  shape: { replicas: 1 } | { replicas: 2; databaseUrl: string } = { replicas: 1 },
): Promise<StoreSalesResult> {
  const databaseUrl = 'databaseUrl' in shape ? shape.databaseUrl : undefined;
  const schema = `bench_sales_${randomBytes(4).toString('hex')}`;
  const ratePerS = databaseUrl ? TWO_REPLICAS_QUOTA.perS : ONE_REPLICA_RATE_PER_S;
  const replicas: BenchProcess[] = [];
  const quotaBefore = await sandbox.erpQuota();
  try {
    const env = {
      INTERNAL_CALLER_KEY_DIGESTS: stack.callers.accepted,
      INTERNAL_SERVICE_KEY: stack.callers.keys['process-orders'],
      SYSTEM_ERP_URL: stack.systems['system-erp'].url,
      SYSTEM_POS_URL: stack.systems['system-pos'].url,
      SYSTEM_LOYALTY_URL: stack.systems['system-loyalty'].url,
      SYSTEM_OMS_URL: stack.systems['system-oms'].url,
      ...(databaseUrl && { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema }),
      ERP_POSTING_RATE_PER_S: String(ratePerS),
      ERP_POSTING_CONCURRENCY: String(TWO_REPLICAS_QUOTA.maxConcurrent),
    };
    for (let i = 0; i < shape.replicas; i++) replicas.push(await startApp('process-orders', env));
    if (databaseUrl)
      await sandbox.setErpFaults({
        quota: {
          maxConcurrent: TWO_REPLICAS_QUOTA.maxConcurrent,
          perWindow: TWO_REPLICAS_QUOTA.perS,
          windowMs: 1000,
        },
      });
    const unique = planSales(picks.storeIds.slice(0, STORES), picks.skus);
    const backlog = backlogOf(unique);
    const batches: Sale[][] = [];
    for (let i = 0; i < backlog.length; i += BATCH) batches.push(backlog.slice(i, i + BATCH));
    await sandbox.clearCountersAndCalls();

    const runId = randomBytes(4).toString('hex');
    const counts = { accepted: 0, duplicate: 0, refused: 0 };
    let firstFailure: string | undefined;
    let next = 0;
    // Each sender is a store's back office replaying its tills' backlog, one batch at a time, to its replica.
    const sender = async (n: number) => {
      const url = replicas[n % replicas.length].url;
      for (let b = next++; b < batches.length; b = next++) {
        const response = await fetch(`${url}/v1/sales`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-service-key': stack.callers.keys['experience-pos'],
            'idempotency-key': `bench-${runId}-${b}`,
          },
          body: JSON.stringify({ sales: batches[b] }),
        });
        const text = await response.text();
        if (response.status !== 200) {
          firstFailure ??= `${response.status} ${text.slice(0, 300)}`;
          continue;
        }
        for (const { outcome } of (JSON.parse(text) as { results: { outcome: keyof typeof counts }[] })
          .results)
          counts[outcome]++;
      }
    };
    const startedAt = Date.now();
    await Promise.all(Array.from({ length: SENDERS }, (_, n) => sender(n)));
    const acceptS = (Date.now() - startedAt) / 1000;

    const backlogUrl = `${replicas[0].url}/v1/ops/erp-postings`;
    const operatorHeaders = { 'x-service-key': stack.callers.keys.operator };
    for (;;) {
      const { backlog: ledger } = (await fetch(backlogUrl, { headers: operatorHeaders }).then((r) =>
        r.json(),
      )) as {
        backlog: { pending: number; posted: number; dead: number };
      };
      if (ledger.pending === 0 && ledger.posted + ledger.dead >= counts.accepted) break;
      if (Date.now() - startedAt > DRAIN_TIMEOUT_MS) break;
      await sleep(500);
    }
    const created = (await sandbox.calls('erp', 'POST A_RetailDocument')).filter((c) => c.status === 201);
    const references = new Set(
      created.map((c) => (c.body as { ExternalReference?: string } | undefined)?.ExternalReference),
    );
    const firstAt = Math.min(...created.map((c) => Date.parse(c.receivedAt)));
    const lastAt = Math.max(...created.map((c) => Date.parse(c.finishedAt)));
    const drainS = created.length > 0 ? (lastAt - firstAt) / 1000 : 0;
    const postingsPerS = drainS > 0 ? created.length / drainS : 0;
    return {
      replicas: replicas.length,
      uniqueSales: unique.length,
      sent: backlog.length,
      registers: STORES * REGISTERS_PER_STORE,
      batchSize: BATCH,
      senders: SENDERS,
      acceptS,
      acceptedPerS: counts.accepted / acceptS,
      accepted: counts.accepted,
      duplicates: counts.duplicate,
      refused: counts.refused,
      firstFailure,
      documents: created.length,
      distinctReferences: references.size,
      drainS,
      postingsPerS,
      configuredRatePerS: ratePerS,
      ratioToQuota: postingsPerS / ratePerS,
      documentsMatchSales:
        counts.accepted === unique.length &&
        created.length === unique.length &&
        references.size === created.length,
    };
  } finally {
    await stopAll(...replicas);
    await sandbox.setErpFaults({ quota: quotaBefore });
    if (databaseUrl) await dropBenchSchemas(databaseUrl, schema);
  }
}
