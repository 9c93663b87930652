import type { AppProcess } from '../../support/app-process';
import { DEV_STORES } from '../../support/experience-stack';
import {
  OrdersClient,
  createdErpDocuments,
  erpTraffic,
  until,
  type OrdersStack,
} from '../../support/orders-stack';
import {
  type ErpDocument,
  OLD_RETRY_LIMIT_S,
  OUTAGE_ERP_QUOTA,
  type TwoReplicaStack,
  erpDocuments,
  erpThrottle,
  ledgerRows,
  endOutageAndDrain,
  startTwoReplicasForOutage,
} from '../erp-postings/erp-posting-support';
import {
  inBatches,
  keyOf,
  postSales,
  saleOf,
  seeded,
  shuffled,
  type SaleResult,
} from './store-sales-fixtures';

const SALES = 200;
// The sandbox admits twice our quota's calls at once, so that its peak shows what the app sent.
const { maxConcurrent: ERP_MAX_CONCURRENT, perSecond: ERP_PER_SECOND } = OUTAGE_ERP_QUOTA;

/*
 * The promise of issue 10 for the tills' revenue: sales rung up while the ERP is down, for longer
 * than the old retry policy lasted, wait for it without a dead letter, and land once each when it is
 * back, two replicas of process-orders posting them within one ERP quota.
 */
describe('store sales through an ERP outage, with two replicas of process-orders (postgres)', () => {
  let two: TwoReplicaStack;
  let stack: OrdersStack;
  let orders: OrdersClient;
  let viaReplica: OrdersClient;

  beforeAll(async () => {
    // A second replica on the same schema: both take sales and work the posting queue, one quota between them.
    two = await startTwoReplicasForOutage({ SALES_POSTING_MODE: 'per-sale' });
    ({ stack, orders, viaReplica } = two);
  }, 180_000);
  afterAll(() => two?.stop());

  // Jobs in any dead-letter queue of the stack, whichever workflow or posting queue they came from.
  const deadLetterJobs = async () => {
    const [{ dead }] = await ledgerRows<{ dead: string }>(
      stack,
      `SELECT count(*) AS dead FROM "${stack.schema}_jobs".job WHERE name LIKE '%.dead'`,
    );
    return Number(dead);
  };

  it('keeps every sale through an outage longer than the old retry limit, then posts one SALE document per sale within the quota', async () => {
    const { sandbox } = stack;
    const random = seeded(2010);
    const skus = (await sandbox.seed()).skus.slice(0, 20);
    const sales = ['REG-21', 'REG-22', 'REG-23', 'REG-24'].flatMap((registerId) =>
      Array.from({ length: SALES / 4 }, (_, i) =>
        saleOf({
          storeId: DEV_STORES[0],
          registerId,
          sequence: 5_001 + i,
          businessDate: '2026-12-01',
          skus,
          random,
        }),
      ),
    );

    await sandbox.setFaults('erp', {
      outage: true,
      latencyMs: 100,
      quota: { maxConcurrent: 2 * ERP_MAX_CONCURRENT, perWindow: ERP_PER_SECOND, windowMs: 1000 },
    });
    await sandbox.clearCounters();

    // The tills' backlog arrives while the ERP is down: every other batch to each replica, both at once.
    const batches = inBatches(shuffled(sales, random), 20);
    const sendTo = async (to: AppProcess, mine: typeof batches) => {
      const results: SaleResult[] = [];
      for (const batch of mine) {
        const answer = await postSales(to, batch);
        expect(answer.status).toBe(200);
        results.push(...answer.body.results);
      }
      return results;
    };
    const results = (
      await Promise.all([
        sendTo(
          stack.orders,
          batches.filter((_, i) => i % 2 === 0),
        ),
        sendTo(
          two.replica,
          batches.filter((_, i) => i % 2 === 1),
        ),
      ])
    ).flat();
    expect(results.map((r) => r.outcome)).toEqual(Array(SALES).fill('accepted'));
    expect(results.map((r) => r.saleKey).sort()).toEqual(sales.map(keyOf).sort());
    const saleIds = results.map((r) => r.saleId!);
    expect(new Set(saleIds).size).toBe(SALES);
    const references = saleIds.map((id) => `sale_${id}`).sort();

    // Held down well past the span the old 12 attempts covered, counted from the last sale's arrival;
    // not one job is dead-lettered meanwhile, in any queue.
    const outageFrom = Date.now();
    const deadSeen = new Set<number>();
    await until(
      'the outage outlasting the old retry limit, every sale posting refused at least once',
      async () => {
        deadSeen.add(await deadLetterJobs());
        deadSeen.add((await orders.postingBacklog()).dead);
        const [{ refused }] = await ledgerRows<{ refused: string }>(
          stack,
          `SELECT count(*) AS refused FROM $schema.erp_postings
            WHERE source_type = 'store-sale' AND kind = 'SALE' AND last_error IS NOT NULL`,
        );
        return Date.now() - outageFrom > (OLD_RETRY_LIMIT_S + 6) * 1000 && Number(refused) === SALES
          ? true
          : undefined;
      },
      90_000,
      1_000,
    );
    expect([...deadSeen]).toEqual([0]);
    expect(await orders.postingBacklog()).toMatchObject({ pending: SALES, posted: 0, dead: 0 });
    expect((await erpTraffic(sandbox)).refusedByStatus['500']).toBeGreaterThan(0);
    expect(await createdErpDocuments(sandbox)).toEqual(new Map());
    const traffic = await endOutageAndDrain(two, SALES);
    // (Calls did overlap: the peak measured something.)
    expect(traffic.maxInFlight).toBeGreaterThanOrEqual(2);

    // Each sale sent to the ERP once it was up, and booked that once: every answer other than the
    // outage's is a 201, one per sale (a resend would meet the ERP's duplicate-reference refusal).
    const answered = (await sandbox.calls('erp', 'POST A_RetailDocument')).filter((c) => c.status !== 500);
    expect(answered.map((c) => c.status)).toEqual(Array(SALES).fill(201));
    const created = await createdErpDocuments(sandbox);
    expect([...created.keys()].sort()).toEqual(references);
    expect([...created.values()].every((n) => n === 1)).toBe(true);

    // The ERP holds one SALE document per sale, the one the ledger recorded for it. (Read one page
    // at a time: the test's reads are held to the ERP's quota too.)
    const held: ErpDocument[] = [];
    for (const page of inBatches(references, 50)) held.push(...(await erpDocuments(sandbox, page)));
    expect(held.map((d) => d.ExternalReference).sort()).toEqual(references);
    expect(held.every((d) => d.DocumentType === 'SALE')).toBe(true);
    const ledger = await ledgerRows<{ posting_id: string; status: string; erp_document_id: string }>(
      stack,
      `SELECT posting_id, status, erp_document_id FROM $schema.erp_postings WHERE source_type = 'store-sale'`,
    );
    expect(new Map(ledger.map((p) => [p.posting_id, [p.status, p.erp_document_id]]))).toEqual(
      new Map(held.map((d) => [d.ExternalReference, ['posted', d.RetailDocument]])),
    );

    // Nothing dead-lettered in any queue, as the operators see it on either replica and in the tables.
    const queues = await orders.call<{ queues: { queue: string }[] }>('operator', 'GET', '/v1/ops/queues');
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q) => q.queue)).toEqual(
      expect.arrayContaining(['erp-postings', 'store-sale.accrue-points']),
    );
    for (const { queue } of queues.body.queues) expect(await viaReplica.deadLetters(queue)).toEqual([]);
    expect(await deadLetterJobs()).toBe(0);
  }, 240_000);
});
