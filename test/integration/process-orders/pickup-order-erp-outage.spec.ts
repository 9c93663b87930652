import { setTimeout as sleep } from 'node:timers/promises';
import {
  OrdersClient,
  type OrdersStack,
  createdErpDocuments,
  erpDocumentsListed,
  erpTraffic,
  skusAt,
  startOrdersStack,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';

const ORDERS = 200;
const ERP_MAX_CONCURRENT = 4;

describe('pickup orders while the ERP is down (postgres)', () => {
  let stack: OrdersStack;
  let orders: OrdersClient;

  beforeAll(async () => {
    stack = await startOrdersStack({
      database: 'postgres',
      orders: {
        ERP_POSTING_CONCURRENCY: String(ERP_MAX_CONCURRENT),
        // Retries every 2 s at most; the retry budget (hours) outlasts the outage.
        ERP_POSTING_MAX_RETRY_DELAY_S: '2',
      },
      systems: { erp: { BREAKER_RESET_MS: '1000' } },
    });
    orders = new OrdersClient(stack);
  });
  afterAll(() => stopOrdersStack(stack));

  it('accepts every order and, once the ERP is back, posts each demand once within its quota', async () => {
    const { sandbox } = stack;
    const storeId = (await sandbox.seed()).stores[18].storeId;
    const skus = await skusAt(sandbox, storeId, 20, (l) => l.onHand >= 10);

    // A slow ERP: at the governor's rate, more postings would be in flight at once than the quota allows.
    await sandbox.setFaults('erp', {
      outage: true,
      latencyMs: 200,
      quota: { maxConcurrent: ERP_MAX_CONCURRENT },
    });
    await sandbox.clearCounters();
    const placed = [];
    for (let batch = 0; batch < ORDERS; batch += 20) {
      placed.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            orders.place({ storeId, lines: [{ sku: skus[(batch + i) % skus.length], quantity: 1 }] }),
          ),
        )),
      );
    }
    expect(placed.map((p) => p.status)).toEqual(Array(ORDERS).fill(201));
    const ids = placed.map((p) => p.body.orderId);

    // The postings wait in the ledger while the ERP refuses them.
    await until('posting attempts refused by the ERP', async () => {
      return (await erpTraffic(sandbox)).refusedByStatus['500'] ? true : undefined;
    });
    await sleep(2_000);
    expect(await orders.postingBacklog()).toMatchObject({ pending: ORDERS, posted: 0, dead: 0 });

    await sandbox.setFaults('erp', { outage: false });
    await until(
      'the posting backlog drained',
      async () => {
        const backlog = await orders.postingBacklog();
        return backlog.pending === 0 ? backlog : undefined;
      },
      120_000,
      1_000,
    ).then((backlog) => expect(backlog).toMatchObject({ posted: ORDERS, dead: 0 }));

    // Within the quota all along: never more in flight than allowed, never refused for it.
    const counters = await erpTraffic(sandbox);
    expect(counters.maxInFlight).toBeLessThanOrEqual(ERP_MAX_CONCURRENT);
    expect(counters.refusedByStatus['429'] ?? 0).toBe(0);

    // Each demand posting landed exactly once.
    const created = await createdErpDocuments(sandbox);
    expect([...created.keys()].sort()).toEqual(ids.map((id) => `demand_${id}`).sort());
    expect([...created.values()].every((n) => n === 1)).toBe(true);
    for (const id of ids.slice(0, 20))
      expect(await erpDocumentsListed(sandbox, `demand_${id}`)).toHaveLength(1);
    const sample = await orders.get(ids[0]);
    expect(sample.body.postings).toEqual([
      expect.objectContaining({ kind: 'DEMAND', status: 'posted', erpDocumentId: expect.any(String) }),
    ]);
  });
});
