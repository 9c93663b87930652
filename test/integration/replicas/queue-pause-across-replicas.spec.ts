import { setTimeout as sleep } from 'node:timers/promises';
import { type AppProcess, startApp } from '../../support/app-process';
import {
  OrdersClient,
  type OrdersStack,
  createdErpDocuments,
  skusAt,
  startOrdersStack,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';
import { ledgerRows } from '../erp-postings/erp-posting-support';

const CHECK_MS = 200;
// A paused queue is watched this long to show that neither replica posts: many checks, and several
// polls of the posting workers (every 0.5 s).
const QUIET_MS = 15 * CHECK_MS + 2_000;
const PROBLEMS = 'https://omnigate.dev/problems/';

interface QueueRow {
  queue: string;
  depth: number;
  scheduled: number;
  paused: { by: string; reason: string; since: string } | null;
}

describe('a queue paused through one replica of process-orders (postgres)', () => {
  let stack: OrdersStack;
  let replica: AppProcess;
  let orders: OrdersClient;
  let viaReplica: OrdersClient;

  beforeAll(async () => {
    stack = await startOrdersStack({
      database: 'postgres',
      orders: { QUEUE_PAUSE_CHECK_MS: String(CHECK_MS) },
    });
    // A second replica on the same database: both work the ERP postings queue.
    replica = await startApp('process-orders', stack.ordersEnv);
    orders = new OrdersClient(stack);
    viaReplica = new OrdersClient({ ...stack, orders: replica });
  }, 180_000);
  afterAll(async () => {
    await replica?.stop();
    await stopOrdersStack(stack);
  });

  // A test that failed mid-pause leaves the next one a running queue.
  afterEach(async () => {
    await orders.call('operator', 'DELETE', '/v1/ops/queues/erp-postings/pause');
  });

  const erpPostingsOf = async (client: OrdersClient): Promise<QueueRow> => {
    const answer = await client.call<{ queues: QueueRow[] }>('operator', 'GET', '/v1/ops/queues');
    expect(answer.status).toBe(200);
    return answer.body.queues.find((q) => q.queue === 'erp-postings')!;
  };

  it('is posted by neither replica while paused, and exactly once after the resume', async () => {
    const { sandbox } = stack;
    const storeId = (await sandbox.seed()).stores[21].storeId;
    const [sku] = await skusAt(sandbox, storeId, 1, (l) => l.onHand >= 5);

    const paused = await viaReplica.call('operator', 'PUT', '/v1/ops/queues/erp-postings/pause', {
      actor: 'ops.lead',
      reason: 'ERP month-end close',
    });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({
      queue: 'erp-postings',
      paused: { by: 'ops.lead', reason: 'ERP month-end close', since: expect.any(String) },
    });
    // Pausing again, by someone else, answers the pause in force. (Through the same replica: the
    // other one must learn of the pause from the table alone.)
    const again = await viaReplica.call('control-tower', 'PUT', '/v1/ops/queues/erp-postings/pause', {
      actor: 'someone.else',
      reason: 'me too',
    });
    expect([again.status, again.body]).toEqual([200, paused.body]);
    // Both replicas show it, as both read the one table.
    expect((await erpPostingsOf(orders)).paused).toEqual(paused.body.paused);
    expect((await erpPostingsOf(viaReplica)).paused).toEqual(paused.body.paused);

    // The other replica follows within a check; then an order's demand posting is queued through it.
    await sleep(3 * CHECK_MS);
    const placed = await orders.place({ storeId, lines: [{ sku, quantity: 1 }] });
    expect(placed.status).toBe(201);
    const reference = `demand_${placed.body.orderId}`;
    await sleep(QUIET_MS);
    expect((await createdErpDocuments(sandbox)).get(reference)).toBeUndefined();
    const [waiting] = await ledgerRows<{ status: string; attempts: number }>(
      stack,
      `SELECT status, attempts FROM $schema.erp_postings WHERE source_id = $1 AND kind = 'DEMAND'`,
      [placed.body.orderId],
    );
    // Waiting untouched: not posted, not dead, no attempt used.
    expect(waiting).toEqual({ status: 'pending', attempts: 0 });
    // Still queued: due, or (handed back by a replica that fetched it before its watcher saw the pause)
    // due after that replica's next check.
    const { depth, scheduled } = await erpPostingsOf(viaReplica);
    expect(depth + scheduled).toBeGreaterThanOrEqual(1);

    const resumed = await orders.call('operator', 'DELETE', '/v1/ops/queues/erp-postings/pause');
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({
      queue: 'erp-postings',
      paused: null,
      resumed: { by: 'ops.lead', reason: 'ERP month-end close' },
    });
    await until('the demand posted after the resume', async () =>
      (await createdErpDocuments(sandbox)).get(reference) ? true : undefined,
    );
    // Given time for a second delivery by the other replica, it stays one document.
    await sleep(QUIET_MS);
    expect((await createdErpDocuments(sandbox)).get(reference)).toBe(1);
    expect((await erpPostingsOf(viaReplica)).paused).toBeNull();
    expect(await orders.deadLetters('erp-postings')).toEqual([]);

    // Resuming a queue that runs answers it running.
    const twice = await viaReplica.call('operator', 'DELETE', '/v1/ops/queues/erp-postings/pause');
    expect([twice.status, twice.body]).toEqual([200, { queue: 'erp-postings', paused: null, resumed: null }]);
  }, 120_000);

  it('answers 404 unknown-queue for a queue that does not exist, and refuses channels and bodies without a reason', async () => {
    const unknown = await orders.call('operator', 'PUT', '/v1/ops/queues/pickup-order.teleport/pause', {
      actor: 'ops.lead',
      reason: 'x',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.body).toMatchObject({
      type: `${PROBLEMS}unknown-queue`,
      queues: expect.arrayContaining([
        'erp-postings',
        'pickup-order.send-pick-list',
        'reconciliation.store-day',
      ]),
    });
    expect(
      (await orders.call('operator', 'DELETE', '/v1/ops/queues/pickup-order.teleport/pause')).status,
    ).toBe(404);

    const channel = await orders.call('experience-storefront', 'PUT', '/v1/ops/queues/erp-postings/pause', {
      actor: 'ops.lead',
      reason: 'x',
    });
    expect(channel.status).toBe(403);
    const noReason = await orders.call('operator', 'PUT', '/v1/ops/queues/erp-postings/pause', {
      actor: 'ops.lead',
    });
    expect(noReason.status).toBe(400);
    expect((await erpPostingsOf(orders)).paused).toBeNull();
  });
});
