import { Client } from 'pg';
import { type AppProcess, startApp } from '../../support/app-process';
import {
  OrdersClient,
  type OrdersStack,
  erpTraffic,
  startOrdersStack,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';
import type { SandboxClient } from '../../support/sandbox-client';
import { DATABASE_URL, scraperHeaders } from '../../support/stack';

/** A retail document as the sandbox ERP lists it, with its lines and the document it references. */
export interface ErpDocument {
  RetailDocument: string;
  ExternalReference: string;
  DocumentType: string;
  ReferenceDocument?: string;
  Items: { results: { Material: string; Quantity: string; NetAmount: string }[] };
}

/** Every document the sandbox ERP holds under these external references. */
export async function erpDocuments(sandbox: SandboxClient, references: string[]): Promise<ErpDocument[]> {
  const filter = references.map((r) => `ExternalReference eq '${r}'`).join(' or ');
  const response = await fetch(
    `${sandbox.url}/erp/sap/opu/odata/sap/API_RETAIL_POSTING_SRV/A_RetailDocument?$filter=${encodeURIComponent(filter)}`,
  );
  if (!response.ok) throw new Error(`sandbox ERP documents answered ${response.status}`);
  return ((await response.json()) as { d: { results: ErpDocument[] } }).d.results;
}

/** Net DEMAND quantity per sku the ERP holds for an order: its demand and any reversal of it. */
export async function netDemand(
  sandbox: SandboxClient,
  orderId: string,
): Promise<{ documents: ErpDocument[]; bySku: Record<string, number> }> {
  const documents = await erpDocuments(sandbox, [`demand_${orderId}`, `rev_demand_${orderId}`]);
  const bySku: Record<string, number> = {};
  for (const document of documents.filter((d) => d.DocumentType === 'DEMAND'))
    for (const item of document.Items.results)
      bySku[item.Material] = (bySku[item.Material] ?? 0) + Number(item.Quantity);
  return { documents, bySku };
}

/** The ERP throttle as the operations API reports it. */
export async function erpThrottle(
  orders: OrdersClient,
): Promise<{ inFlight: number; ratePerS: number; erpUnavailableForMs: number }> {
  const answer = await orders.call('operator', 'GET', '/v1/ops/erp-postings');
  if (answer.status !== 200) throw new Error(`ops answered ${answer.status}`);
  return answer.body.throttle;
}

/** One sample of a Prometheus text page, by metric name and labels (`name{label="v"}`). */
export async function scrape(app: AppProcess): Promise<Map<string, number>> {
  const response = await fetch(`${app.url}/metrics`, { headers: scraperHeaders() });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

/** Rows of the stack's ledger (`$schema` stands for the stack's schema): what operators query. */
export async function ledgerRows<T>(stack: OrdersStack, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql.replaceAll('$schema', `"${stack.schema}"`), params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The ERP quota of the outage suites: the app is configured to it (rate with a margin for the jitter of two hops). */
export const OUTAGE_ERP_QUOTA = { maxConcurrent: 4, perSecond: 40, maxRetryDelayS: 2 } as const;

/** What used to dead-letter a posting: 12 attempts, pauses doubling from 1 s up to the longest pause. */
export const OLD_RETRY_LIMIT_S = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024].reduce(
  (sum, pause) => sum + Math.min(pause, OUTAGE_ERP_QUOTA.maxRetryDelayS),
  0,
);

/** A stack on PostgreSQL whose process-orders runs twice on one schema: both work the posting queue within one quota. */
export interface TwoReplicaStack {
  stack: OrdersStack;
  replica: AppProcess;
  orders: OrdersClient;
  viaReplica: OrdersClient;
  stop(): Promise<void>;
}

/** Starts {@link TwoReplicaStack} with the outage quota, a one-hour retry budget and `orders` settings on top. */
export async function startTwoReplicasForOutage(
  orders: Record<string, string> = {},
): Promise<TwoReplicaStack> {
  const stack = await startOrdersStack({
    database: 'postgres',
    orders: {
      ERP_POSTING_CONCURRENCY: String(OUTAGE_ERP_QUOTA.maxConcurrent),
      ERP_POSTING_RATE_PER_S: String(OUTAGE_ERP_QUOTA.perSecond * 0.8),
      ERP_POSTING_MAX_RETRY_DELAY_S: String(OUTAGE_ERP_QUOTA.maxRetryDelayS),
      ERP_POSTING_RETRY_BUDGET_H: '1',
      ...orders,
    },
    systems: { erp: { BREAKER_RESET_MS: '1000' } },
  });
  const replica = await startApp('process-orders', stack.ordersEnv);
  return {
    stack,
    replica,
    orders: new OrdersClient(stack),
    viaReplica: new OrdersClient({ ...stack, orders: replica }),
    async stop() {
      await replica.stop();
      await stopOrdersStack(stack);
    },
  };
}

/**
 * Ends the ERP outage once both replicas know the ERP refuses work (between a refusal window's end
 * and the answer to the one probe each replica then sends, the state is briefly clear), waits for
 * the backlog to drain, and checks it: `posted` documents, none dead, never more in flight than the
 * quota for both replicas together, none refused for it. Returns the ERP's traffic of the run.
 */
export async function endOutageAndDrain(two: TwoReplicaStack, posted: number) {
  const { stack, orders, viaReplica } = two;
  await until('both replicas knowing the ERP refuses work', async () => {
    const [a, b] = [await erpThrottle(viaReplica), await erpThrottle(orders)];
    return a.erpUnavailableForMs > 0 && b.erpUnavailableForMs > 0 ? true : undefined;
  });
  await stack.sandbox.setFaults('erp', { outage: false });
  const drained = await until(
    'the posting backlog drained',
    async () => {
      const backlog = await orders.postingBacklog();
      return backlog.pending === 0 ? backlog : undefined;
    },
    90_000,
    1_000,
  );
  expect(drained).toMatchObject({ posted, dead: 0 });
  // Read before a test's own reads of the ERP, which the sandbox counts too.
  const traffic = await erpTraffic(stack.sandbox);
  expect(traffic.maxInFlight).toBeLessThanOrEqual(OUTAGE_ERP_QUOTA.maxConcurrent);
  expect(traffic.refusedByStatus['429'] ?? 0).toBe(0);
  return traffic;
}
