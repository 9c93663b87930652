import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from './latency';
import type { SandboxAdmin } from './sandbox-admin';
import { type BackendStack, type BenchProcess, startApp, stopAll } from './stack';

/** Section 5: returns at the counter against recorded store sales, and the ERP credit memos they cause. */
export interface ReturnsResult {
  sales: number;
  returns: number;
  senders: number;
  returnS: number;
  refundedPerS: number;
  refunded: number;
  refused: number;
  /** Status and body of the first return answered otherwise than 201, if any. */
  firstFailure?: string;
  p50Ms: number;
  p99Ms: number;
  creditMemos: number;
  distinctReferences: number;
  creditMemosMatchReturns: boolean;
}

const RETURNS = Number(process.env.BENCH_RETURNS ?? 1_000);
const STORES = 4;
const SALES_BATCH = 200;
const SENDERS = 8;
const ERP_POSTING_RATE_PER_S = 200;
const DRAIN_TIMEOUT_MS = 240_000;

/** Items of the seed the POS back office takes returns of (not final sale) at `storeId`. */
async function returnableSkus(sandboxUrl: string, storeId: string, skus: string[]): Promise<string[]> {
  const response = await fetch(
    `${sandboxUrl}/pos-bo/api/stores/${storeId}/prices?item_ids=${skus.join(',')}`,
  );
  const { items } = (await response.json()) as { items: { item_id: string; final_sale?: boolean }[] };
  return items.filter((i) => !i.final_sale).map((i) => i.item_id);
}

export async function benchReturns(
  stack: BackendStack,
  sandbox: SandboxAdmin,
  picks: { storeIds: string[]; skus: string[] },
): Promise<ReturnsResult> {
  let processOrders: BenchProcess | undefined;
  try {
    processOrders = await startApp('process-orders', {
      INTERNAL_CALLER_KEY_DIGESTS: stack.callers.accepted,
      INTERNAL_SERVICE_KEY: stack.callers.keys['process-orders'],
      SYSTEM_ERP_URL: stack.systems['system-erp'].url,
      SYSTEM_POS_URL: stack.systems['system-pos'].url,
      SYSTEM_LOYALTY_URL: stack.systems['system-loyalty'].url,
      SYSTEM_OMS_URL: stack.systems['system-oms'].url,
      ERP_POSTING_RATE_PER_S: String(ERP_POSTING_RATE_PER_S),
      ERP_POSTING_CONCURRENCY: '8',
    });
    const url = processOrders.url;
    const pos = { 'content-type': 'application/json', 'x-service-key': stack.callers.keys['experience-pos'] };
    const storeIds = picks.storeIds.slice(0, STORES);
    const skus = await returnableSkus(stack.sandbox.url, storeIds[0], picks.skus);
    const runId = randomBytes(4).toString('hex');
    const occurredAt = new Date(Date.now() - 86_400_000).toISOString();

    // One sale per return to come, two units of one line each; recorded first, outside the timing.
    const sales = Array.from({ length: RETURNS }, (_, n) => ({
      storeId: storeIds[n % STORES],
      registerId: `RET-${runId}`,
      sequence: Math.floor(n / STORES) + 1,
      businessDate: occurredAt.slice(0, 10),
      occurredAt,
      currency: 'USD',
      lines: [
        { lineNumber: 1, sku: skus[n % skus.length], quantity: 2, unitPriceMinor: 500 + ((n * 37) % 4_000) },
      ],
      tenders: [{ type: 'CARD', amountMinor: 2 * (500 + ((n * 37) % 4_000)) }],
    }));
    for (let i = 0; i < sales.length; i += SALES_BATCH) {
      const response = await fetch(`${url}/v1/sales`, {
        method: 'POST',
        headers: { ...pos, 'idempotency-key': `bench-${runId}-sales-${i}` },
        body: JSON.stringify({ sales: sales.slice(i, i + SALES_BATCH) }),
      });
      if (response.status !== 200)
        throw new Error(
          `recording sales answered ${response.status}: ${(await response.text()).slice(0, 300)}`,
        );
    }
    await sandbox.clearCountersAndCalls();

    let next = 0;
    let refunded = 0;
    let refused = 0;
    let firstFailure: string | undefined;
    const latencies: number[] = [];
    // Each sender is a register taking one return after another: one unit of each sale, back to stock.
    const sender = async () => {
      for (let n = next++; n < sales.length; n = next++) {
        const sale = sales[n];
        const started = performance.now();
        const response = await fetch(`${url}/v1/returns`, {
          method: 'POST',
          headers: { ...pos, 'idempotency-key': `bench-${runId}-return-${n}` },
          body: JSON.stringify({
            storeId: sale.storeId,
            saleKey: `${sale.storeId}:${sale.registerId}:${sale.sequence}`,
            lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
          }),
        });
        const text = await response.text();
        latencies.push(performance.now() - started);
        if (response.status === 201) refunded++;
        else {
          refused++;
          firstFailure ??= `${response.status} ${text.slice(0, 300)}`;
        }
      }
    };
    const startedAt = Date.now();
    await Promise.all(Array.from({ length: SENDERS }, sender));
    const returnS = (Date.now() - startedAt) / 1000;

    const operatorHeaders = { 'x-service-key': stack.callers.keys.operator };
    const isCreditMemo = (body: unknown) =>
      (body as { DocumentType?: string } | undefined)?.DocumentType === 'CREDIT_MEMO';
    for (;;) {
      const { backlog } = (await fetch(`${url}/v1/ops/erp-postings`, { headers: operatorHeaders }).then((r) =>
        r.json(),
      )) as {
        backlog: { pending: number };
      };
      if (backlog.pending === 0) break;
      if (Date.now() - startedAt > DRAIN_TIMEOUT_MS) break;
      await sleep(500);
    }
    const created = (await sandbox.calls('erp', 'POST A_RetailDocument')).filter(
      (c) => c.status === 201 && isCreditMemo(c.body),
    );
    const references = new Set(
      created.map((c) => (c.body as { ExternalReference?: string }).ExternalReference),
    );
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      sales: sales.length,
      returns: RETURNS,
      senders: SENDERS,
      returnS,
      refundedPerS: refunded / returnS,
      refunded,
      refused,
      firstFailure,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      creditMemos: created.length,
      distinctReferences: references.size,
      creditMemosMatchReturns:
        refunded === RETURNS && created.length === refunded && references.size === created.length,
    };
  } finally {
    await stopAll(processOrders);
  }
}
