import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startStorefront } from './channel-edge.section';
import type { BenchClientApp } from './client-registry';
import { type LoadFigures, generatedLoad } from './load';
import { postgresCpuSeconds } from './process-cpu';
import type { SandboxAdmin } from './sandbox-admin';
import { type BackendStack, type BenchProcess, dropBenchSchemas, startApp, stopAll } from './stack';

/** Section 3: pickup orders accepted under load, and the ERP demand postings they cause, drained within quota. */
export interface PickupOrdersResult {
  /** process-orders' database: its embedded PGlite, or a PostgreSQL server (BENCH_DATABASE_URL). */
  database: 'PGlite' | 'PostgreSQL';
  /** Where the orders went in: the storefront's public route, or process-orders directly when the storefront has none yet. */
  entry: 'experience-storefront' | 'process-orders';
  orders: number;
  stores: number;
  skus: number;
  connections: number;
  accept: LoadFigures;
  accepted: number;
  /** Every answer by status: 201 placed, 202 placement going on past the channel's deadline, the rest refusals. */
  answersByStatus: Record<string, number>;
  /** Refusals by status and problem type (`503 process-overloaded`), so a regression names its cause. */
  refusalsByType: Record<string, number>;
  /** Answers 5xx: a customer told "failed". */
  serverErrors: number;
  /** Orders told accepted without an ERP demand document, plus documents for orders not told accepted. */
  mismatches: number;
  /** Status and body of the first order refused, if any was. */
  firstRefusal?: string;
  drain: {
    documents: number;
    /** Distinct ExternalReference values among the created documents: fewer than documents means a duplicate. */
    distinctReferences: number;
    /** POST A_RetailDocument answers other than 201, by status (429 quota refusals are retried by the governor). */
    otherAnswersByStatus: Record<string, number>;
    postingsPerS: number;
    firstToLastS: number;
    /** Time from the first accepted order to the last document. */
    backlogClearedAfterS: number;
    configuredRatePerS: number;
    sandboxQuotaPerS: number;
    /** The drain rate over the lower of the two limits. */
    ratioToQuota: number;
    pendingAtEnd: number;
    deadAtEnd: number;
  };
  documentsMatchOrders: boolean;
  /**
   * CPU milliseconds per accepted order, by process, from the first order to the last demand
   * posted (the drain included): every app it crosses, the sandbox standing in for the backends,
   * PostgreSQL when it runs on this machine, and the bench's own load generator.
   */
  cpuPerOrderMs: Record<string, number>;
}

function benchCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** CPU seconds used so far by each process a pickup order crosses, read together. */
type CpuReading = Record<string, number | undefined>;

/** Orders placed in each run; fewer (`BENCH_PICKUP_ORDERS`) for a quick look, e.g. a statement census. */
const ORDERS = Number(process.env.BENCH_PICKUP_ORDERS ?? 2_000);
const CONNECTIONS = 50;
const STORES = 8;
const SKUS_PER_STORE = 200;
// The governor's default, set explicitly so the printed quota is the one the run used.
const ERP_POSTING_RATE_PER_S = 50;
const DRAIN_TIMEOUT_MS = 180_000;
const DOCUMENT_POST = 'POST A_RetailDocument';

export interface OrderLine {
  storeId: string;
  sku: string;
}

/**
 * One line of quantity 1 per order, cycling over stores and SKUs so that no pair is asked for more
 * units than the ERP shows available. Builds a few more than `count`: autocannon prepares each
 * connection's next request ahead.
 */
export async function planOrders(
  sandbox: SandboxAdmin,
  storeIds: string[],
  skus: string[],
  count: number,
): Promise<OrderLine[]> {
  const slots: { storeId: string; sku: string; left: number }[] = [];
  for (const storeId of storeIds) {
    for (const [sku, available] of await sandbox.erpStock(storeId, skus)) {
      if (available > 0) slots.push({ storeId, sku, left: available });
    }
  }
  // Interleave stores: slot lists are per store, so walk them by SKU position.
  slots.sort((a, b) => skus.indexOf(a.sku) - skus.indexOf(b.sku) || a.storeId.localeCompare(b.storeId));
  const lines: OrderLine[] = [];
  while (lines.length < count) {
    const before = lines.length;
    for (const slot of slots) {
      if (slot.left === 0 || lines.length === count) continue;
      slot.left--;
      lines.push({ storeId: slot.storeId, sku: slot.sku });
    }
    if (lines.length === before)
      throw new Error(`the picked stores hold only ${lines.length} units; ${count} orders need more`);
  }
  return lines;
}

/** True when the storefront documents POST /v1/pickup-orders (another team is adding it). */
async function storefrontTakesOrders(storefront: BenchProcess): Promise<boolean> {
  const document = (await fetch(`${storefront.url}/docs-json`).then((r) => r.json())) as {
    paths?: Record<string, { post?: unknown }>;
  };
  return Boolean(document.paths?.['/v1/pickup-orders']?.post);
}

function countByStatus(calls: { status: number }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status } of calls) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

interface PostingsBacklog {
  backlog: { pending: number; posted: number; dead: number };
}

export async function benchPickupOrders(
  stack: BackendStack,
  sandbox: SandboxAdmin,
  client: BenchClientApp,
  picks: { storeIds: string[]; skus: string[] },
  databaseUrl?: string,
): Promise<PickupOrdersResult> {
  let processOrders: BenchProcess | undefined;
  let storefront: BenchProcess | undefined;
  const schema = `bench_orders_${randomBytes(4).toString('hex')}`;
  try {
    processOrders = await startApp('process-orders', {
      INTERNAL_CALLER_KEY_DIGESTS: stack.callers.accepted,
      INTERNAL_SERVICE_KEY: stack.callers.keys['process-orders'],
      SYSTEM_ERP_URL: stack.systems['system-erp'].url,
      SYSTEM_POS_URL: stack.systems['system-pos'].url,
      SYSTEM_LOYALTY_URL: stack.systems['system-loyalty'].url,
      SYSTEM_OMS_URL: stack.systems['system-oms'].url,
      ERP_POSTING_RATE_PER_S: String(ERP_POSTING_RATE_PER_S),
      ...(databaseUrl && { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema }),
    });
    storefront = await startStorefront('experience-storefront (orders)', stack, client, {
      PROCESS_ORDERS_URL: processOrders.url,
    });
    const viaStorefront = await storefrontTakesOrders(storefront);
    const entry = viaStorefront ? storefront : processOrders;
    const credential: Record<string, string> = viaStorefront
      ? { 'x-api-key': client.apiKey }
      : { 'x-service-key': stack.callers.keys['experience-storefront'] };

    const storeIds = picks.storeIds.slice(0, STORES);
    const skus = picks.skus.slice(0, SKUS_PER_STORE);
    const lines = await planOrders(sandbox, storeIds, skus, ORDERS + 2 * CONNECTIONS + 10);
    const quota = await sandbox.erpQuota();
    await sandbox.clearCountersAndCalls();

    const postgresCpu = databaseUrl ? await postgresCpuSeconds(databaseUrl) : undefined;
    const readCpu = (): CpuReading => ({
      'experience-storefront': entry === storefront ? storefront.cpuSeconds() : undefined,
      'process-orders': processOrders!.cpuSeconds(),
      ...Object.fromEntries(Object.entries(stack.systems).map(([name, app]) => [name, app.cpuSeconds()])),
      sandbox: stack.sandbox.cpuSeconds(),
      PostgreSQL: postgresCpu?.(),
      'bench (load generator)': benchCpuSeconds(),
    });
    const runId = randomBytes(4).toString('hex');
    const cpuBefore = readCpu();
    let firstRefusal: string | undefined;
    const answersByStatus: Record<string, number> = {};
    const refusalsByType: Record<string, number> = {};
    const startedAt = Date.now();
    const accept = await generatedLoad({
      url: entry.url,
      connections: CONNECTIONS,
      amount: ORDERS,
      build: (n) => {
        const { storeId, sku } = lines[n % lines.length];
        return {
          method: 'POST',
          path: '/v1/pickup-orders',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': `bench-${runId}-${n}`,
            ...credential,
          },
          body: JSON.stringify({ storeId, lines: [{ sku, quantity: 1 }] }),
        };
      },
      onAnswer: (status, body) => {
        answersByStatus[status] = (answersByStatus[status] ?? 0) + 1;
        if (status < 300) return;
        if (firstRefusal === undefined) firstRefusal = `${status} ${body.slice(0, 300)}`;
        const type = /"type":"[^"]*\/([a-z0-9-]+)"/.exec(body)?.[1] ?? 'no problem type';
        refusalsByType[`${status} ${type}`] = (refusalsByType[`${status} ${type}`] ?? 0) + 1;
      },
    });
    // With nothing accepted the drain figures would be empty, and "0 documents for 0 orders" would read as a pass.
    if (accept.ok === 0)
      throw new Error(
        `${entry.name} accepted none of ${ORDERS} orders; first refusal: ${firstRefusal ?? 'none (connection errors)'}`,
      );

    // Wait for the governor to post every demand: nothing pending, and the ledger holds every accepted order's posting.
    const backlogUrl = `${processOrders.url}/v1/ops/erp-postings`;
    const operatorHeaders = { 'x-service-key': stack.callers.keys.operator };
    let backlog: PostingsBacklog['backlog'];
    for (;;) {
      backlog = (
        (await fetch(backlogUrl, { headers: operatorHeaders }).then((r) => r.json())) as PostingsBacklog
      ).backlog;
      if (backlog.pending === 0 && backlog.posted + backlog.dead >= accept.ok) break;
      if (Date.now() - startedAt > DRAIN_TIMEOUT_MS) break;
      await sleep(250);
    }

    const cpuAfter = readCpu();
    const cpuPerOrderMs = Object.fromEntries(
      Object.entries(cpuAfter).flatMap(([name, after]) => {
        const before = cpuBefore[name];
        return after === undefined || before === undefined
          ? []
          : [[name, ((after - before) * 1000) / accept.ok]];
      }),
    );

    const calls = await sandbox.calls('erp', DOCUMENT_POST);
    const created = calls.filter((c) => c.status === 201);
    const references = new Set(
      created.map((c) => (c.body as { ExternalReference?: string } | undefined)?.ExternalReference),
    );
    const firstAt = Math.min(...created.map((c) => Date.parse(c.receivedAt)));
    const lastAt = Math.max(...created.map((c) => Date.parse(c.finishedAt)));
    const firstToLastS = created.length > 0 ? (lastAt - firstAt) / 1000 : 0;
    const postingsPerS = firstToLastS > 0 ? created.length / firstToLastS : 0;
    const sandboxQuotaPerS = quota.perWindow > 0 ? (quota.perWindow * 1000) / quota.windowMs : Infinity;
    return {
      database: databaseUrl ? 'PostgreSQL' : 'PGlite',
      entry: viaStorefront ? 'experience-storefront' : 'process-orders',
      orders: ORDERS,
      stores: storeIds.length,
      skus: new Set(lines.slice(0, ORDERS).map((l) => l.sku)).size,
      connections: CONNECTIONS,
      accept,
      accepted: accept.ok,
      answersByStatus,
      refusalsByType,
      serverErrors: Object.entries(answersByStatus).reduce(
        (sum, [status, n]) => sum + (Number(status) >= 500 ? n : 0),
        0,
      ),
      mismatches: Math.abs(references.size - accept.ok) + (created.length - references.size),
      firstRefusal,
      drain: {
        documents: created.length,
        distinctReferences: references.size,
        otherAnswersByStatus: countByStatus(calls.filter((c) => c.status !== 201)),
        postingsPerS,
        firstToLastS,
        backlogClearedAfterS: created.length > 0 ? (lastAt - startedAt) / 1000 : 0,
        configuredRatePerS: ERP_POSTING_RATE_PER_S,
        sandboxQuotaPerS,
        ratioToQuota: postingsPerS / Math.min(ERP_POSTING_RATE_PER_S, sandboxQuotaPerS),
        pendingAtEnd: backlog.pending,
        deadAtEnd: backlog.dead,
      },
      documentsMatchOrders: created.length === accept.ok && references.size === created.length,
      cpuPerOrderMs,
    };
  } finally {
    await stopAll(storefront, processOrders);
    if (databaseUrl) await dropBenchSchemas(databaseUrl, schema);
  }
}
