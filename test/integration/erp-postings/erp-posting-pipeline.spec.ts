import {
  OrdersClient,
  type OrdersStack,
  createdErpDocuments,
  erpTraffic,
  orderWhen,
  skusAt,
  until,
} from '../../support/orders-stack';
import {
  OLD_RETRY_LIMIT_S,
  OUTAGE_ERP_QUOTA,
  type TwoReplicaStack,
  erpThrottle,
  ledgerRows,
  scrape,
  endOutageAndDrain,
  startTwoReplicasForOutage,
} from './erp-posting-support';

const ORDERS = 200;
const { maxConcurrent: ERP_MAX_CONCURRENT, perSecond: ERP_PER_SECOND } = OUTAGE_ERP_QUOTA;

describe('ERP postings through an outage, with two replicas of process-orders (postgres)', () => {
  let two: TwoReplicaStack;
  let stack: OrdersStack;
  let orders: OrdersClient;
  let viaReplica: OrdersClient;

  beforeAll(async () => {
    // A second replica on the same database: both work the posting queue, one quota between them.
    two = await startTwoReplicasForOutage();
    ({ stack, orders, viaReplica } = two);
  }, 180_000);
  afterAll(() => two?.stop());

  it('keeps every posting through an outage longer than the old retry limit, then posts each once within the quota', async () => {
    const { sandbox } = stack;
    const storeId = (await sandbox.seed()).stores[18].storeId;
    const skus = await skusAt(sandbox, storeId, 20, (l) => l.onHand >= 12);

    await sandbox.setFaults('erp', {
      outage: true,
      latencyMs: 100,
      quota: { maxConcurrent: ERP_MAX_CONCURRENT, perWindow: ERP_PER_SECOND, windowMs: 1000 },
    });
    await sandbox.clearCounters();
    const placed = [];
    for (let batch = 0; batch < ORDERS; batch += 20) {
      placed.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 === 0 ? orders : viaReplica).place({
              storeId,
              lines: [{ sku: skus[(batch + i) % skus.length], quantity: 1 }],
            }),
          ),
        )),
      );
    }
    expect(placed.map((p) => p.status)).toEqual(Array(ORDERS).fill(201));
    const ids = placed.map((p) => p.body.orderId as string);

    // Held down well past the span the old 12 attempts covered; not one posting is dead-lettered meanwhile.
    const outageFrom = Date.now();
    const deadSeen = new Set<number>();
    await until(
      'the outage outlasting the old retry limit, every posting refused at least once',
      async () => {
        const backlog = await orders.postingBacklog();
        deadSeen.add(backlog.dead);
        const [{ refused }] = await ledgerRows<{ refused: string }>(
          stack,
          `SELECT count(*) AS refused FROM $schema.erp_postings WHERE last_error IS NOT NULL`,
        );
        return Date.now() - outageFrom > (OLD_RETRY_LIMIT_S + 6) * 1000 && Number(refused) === ORDERS
          ? true
          : undefined;
      },
      90_000,
      1_000,
    );
    expect([...deadSeen]).toEqual([0]);
    // A posting fetched while the ERP refuses work is held until the refusal's window ends, then one
    // probe per replica finds out: the outage costs a few put-backs per posting, not one per window.
    const [{ jobs }] = await ledgerRows<{ jobs: string }>(
      stack,
      `SELECT count(*) AS jobs FROM "${stack.schema}_jobs".job WHERE name = 'erp-postings'`,
    );
    // (Each put-back completes a job and queues its next: about 400 jobs for 200 postings over this
    // outage, against 3,300 when every fetched posting was put back at once.)
    expect(Number(jobs)).toBeLessThanOrEqual(ORDERS * 3);
    expect(await orders.postingBacklog()).toMatchObject({ pending: ORDERS, posted: 0, dead: 0 });
    expect((await erpTraffic(sandbox)).refusedByStatus['500']).toBeGreaterThan(0);
    // Both replicas read the same shared state; then the ERP is back and the backlog drains within the quota.
    const traffic = await endOutageAndDrain(two, ORDERS);

    // Each demand landed exactly once.
    const created = await createdErpDocuments(sandbox);
    expect([...created.keys()].sort()).toEqual(ids.map((id) => `demand_${id}`).sort());
    expect([...created.values()].every((n) => n === 1)).toBe(true);
    expect(await orders.deadLetters('erp-postings')).toEqual([]);
  }, 240_000);

  it('dead-letters a document the ERP rejects, refuses its replay while the ERP is in maintenance, and posts it once after', async () => {
    const { sandbox } = stack;
    const storeId = (await sandbox.seed()).stores[19].storeId;
    const [sku, other] = await skusAt(sandbox, storeId, 2, (l) => l.onHand >= 3);
    await sandbox.setFaults('erp', {
      latencyMs: 20,
      quota: { maxConcurrent: 8, perWindow: 200, windowMs: 1000 },
    });

    // Rejected for good: dead-lettered at once, with the ERP's reason, without waiting out any budget.
    await sandbox.setFaults('erp', { refuseDocuments: 1 });
    const rejected = (await orders.place({ storeId, lines: [{ sku, quantity: 1 }] })).body.orderId as string;
    const postingId = `demand_${rejected}`;
    const letter = await until('the rejected posting dead-lettered', async () =>
      (await orders.deadLetters('erp-postings')).find((l) => l.payload.postingId === postingId),
    );
    expect(letter.error?.message).toContain('erp-document-rejected');
    expect((await orders.get(rejected)).body.postings).toEqual([
      expect.objectContaining({ postingId, status: 'dead', erpDocumentId: null }),
    ]);

    // The ERP goes into maintenance; a posting that meets it tells every replica the ERP refuses work.
    await sandbox.setFaults('erp', { maintenance: true, maintenanceRetryAfterS: 4 });
    const waiting = (await viaReplica.place({ storeId, lines: [{ sku: other, quantity: 1 }] })).body
      .orderId as string;
    await until('the ERP known to refuse work', async () =>
      (await erpThrottle(orders)).erpUnavailableForMs > 0 ? true : undefined,
    );
    const gauges = await scrape(stack.orders);
    expect(gauges.get('omnigate_erp_breaker_open')).toBe(1);
    expect(gauges.get('omnigate_dead_letters{queue="erp-postings"}')).toBe(1);
    expect(gauges.get('omnigate_erp_postings_pending')).toBe(1);
    expect(gauges.get('omnigate_erp_postings_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(gauges.has('omnigate_dead_letters{queue="pickup-order.release-holds"}')).toBe(true);

    for (const path of [
      `/v1/ops/dead-letters/erp-postings/${letter.id}/replay`,
      '/v1/ops/dead-letters/erp-postings/replay',
    ]) {
      const refused = await orders.call('operator', 'POST', path, {});
      expect({ status: refused.status, type: refused.body.type }).toEqual({
        status: 409,
        type: 'https://omnigate.dev/problems/erp-breaker-open',
      });
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // Refused means nothing changed: still dead, still listed, never sent.
    expect((await orders.deadLetters('erp-postings')).map((l) => l.id)).toEqual([letter.id]);
    expect((await orders.postingBacklog()).dead).toBe(1);
    expect((await createdErpDocuments(sandbox)).has(postingId)).toBe(false);

    // Maintenance ends: the waiting posting lands by itself, the breaker closes, and the replay goes through.
    await sandbox.setFaults('erp', { maintenance: false });
    await orderWhen(viaReplica, waiting, 'its demand posted after maintenance', (o) =>
      o.postings.every((p) => p.status === 'posted'),
    );
    await until('the ERP known to take work again', async () =>
      (await erpThrottle(orders)).erpUnavailableForMs === 0 ? true : undefined,
    );
    const replay = await orders.call('operator', 'POST', '/v1/ops/dead-letters/erp-postings/replay', {});
    expect(replay.status).toBe(202);
    expect(replay.body.replayed).toEqual([letter.id]);
    await orderWhen(orders, rejected, 'the replayed demand posted', (o) =>
      o.postings.some((p) => p.postingId === postingId && p.status === 'posted'),
    );
    expect((await createdErpDocuments(sandbox)).get(postingId)).toBe(1);
    expect(await orders.deadLetters('erp-postings')).toEqual([]);
    const after = await scrape(two.replica);
    expect(after.get('omnigate_erp_breaker_open')).toBe(0);
    expect(after.get('omnigate_dead_letters{queue="erp-postings"}')).toBe(0);
    expect(after.get('omnigate_erp_postings_pending')).toBe(0);
  }, 120_000);
});
