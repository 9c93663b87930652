import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  type Answer,
  ORDERS_DATABASES,
  OrdersClient,
  type OrdersStack,
  type PickupOrderBody,
  type PlaceOrder,
  createdErpDocuments,
  erpDocumentsListed,
  levelOf,
  membersWith,
  orderWhen,
  pointsOf,
  reservationStatus,
  restartOrders,
  skusAt,
  startOrdersStack,
  stepsOf,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';
import type { SandboxClient } from '../../support/sandbox-client';
import { DATABASE_URL } from '../../support/stack';

const PROBLEM = 'https://omnigate.dev/problems/';
const REDEEMED = 100;
// The killed request held its key this long; a retry before that is told the key is in flight.
const LOCK_S = '5';

/** Retries `order` under `key` until the key's lock has lapsed, and returns the first answer that is not "in flight". */
function retryUntilAnswered(orders: OrdersClient, order: PlaceOrder, key: string): Promise<Answer<PickupOrderBody>> {
  return until('the retry answered', async () => {
    const answer = await orders.place(order, key);
    const inFlight = answer.status === 409 && (answer.body as { type?: string }).type === `${PROBLEM}idempotency-key-in-flight`;
    return inFlight ? undefined : answer;
  }, 30_000, 500);
}

/** The references the sandbox OMS was asked to reserve under, and the loyalty references redeemed for `memberId`. */
async function holdsAsked(sandbox: SandboxClient, storeId: string, memberId: string) {
  const reservations = (await sandbox.calls('oms', 'POST reservations'))
    .map((c) => c.body as { reservationRef: string; locationId: string })
    .filter((body) => body.locationId === storeId)
    .map((body) => body.reservationRef);
  const redemptions = (await sandbox.calls('loyalty', 'POST members/{memberNumber}/redemptions'))
    .filter((c) => c.path.includes(memberId) && c.status < 300)
    .map((c) => (c.body as { reference: string }).reference);
  return { reservations: [...new Set(reservations)], redemptions };
}

describe('process-orders killed after committing a placement, before answering it (postgres)', () => {
  let stack: OrdersStack;
  let orders: OrdersClient;
  let pg: Client;

  beforeAll(async () => {
    stack = await startOrdersStack({ database: 'postgres', orders: { IDEMPOTENCY_LOCK_S: LOCK_S, JOB_ATTEMPT_TIMEOUT_S: '5' } });
    orders = new OrdersClient(stack);
    pg = new Client({ connectionString: DATABASE_URL });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await stopOrdersStack(stack);
  });

  const rows = async <T>(sql: string, params: unknown[]) => (await pg.query(sql.replaceAll('$schema', `"${stack.schema}"`), params)).rows as T[];

  it('answers the retry with the order it placed, which was placed, reserved, held and posted once', async () => {
    const { sandbox } = stack;
    const storeId = (await sandbox.seed()).stores[17].storeId;
    const [sku] = await skusAt(sandbox, storeId, 1, (l) => l.onHand >= 2);
    const [memberId] = await membersWith(sandbox, (m) => m.status === 'ACTIVE' && m.points >= 1_000);
    const [stockBefore, pointsBefore] = [await levelOf(sandbox, storeId, sku), await pointsOf(sandbox, memberId)];
    const order: PlaceOrder = { storeId, memberId, lines: [{ sku, quantity: 2 }], redeemPoints: REDEEMED };
    const key = randomUUID();

    // A slow OMS leaves time, once the order is written, to take hold of the key's row: recording the
    // answer then waits, and the kill lands between the placement's commits and its answer.
    await sandbox.setFaults('oms', { latencyMs: 1_500 });
    let answered = false;
    const placing = orders.place(order, key).then(
      (answer) => {
        answered = true;
        return answer;
      },
      (error: unknown) => error,
    );
    const orderId = await until('the order written', async () => {
      const [placed] = await rows<{ order_id: string }>('SELECT order_id FROM $schema.pickup_orders WHERE store_id = $1', [storeId]);
      return placed?.order_id;
    }, 10_000, 20);
    const blocker = new Client({ connectionString: DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`SELECT 1 FROM "${stack.schema}".idempotency_keys WHERE key = $1 FOR UPDATE`, [key]);
      const blockerPid = (await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const recordingPid = await until('the order reserved, its DEMAND scheduled and its answer waiting to be recorded', async () => {
        const [placed] = await rows<{ state: string }>('SELECT state FROM $schema.pickup_orders WHERE order_id = $1', [orderId]);
        const demand = await rows('SELECT 1 FROM $schema.erp_postings WHERE source_id = $1 AND kind = $2', [orderId, 'DEMAND']);
        const waiting = await rows<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)) AND query LIKE '%idempotency_keys%'`,
          [blockerPid],
        );
        return placed?.state === 'RESERVED' && demand.length === 1 && waiting.length === 1 ? waiting[0].pid : undefined;
      }, 15_000, 50);
      expect(answered).toBe(false);

      await stack.orders.stop('SIGKILL');
      // The dead process's statement would still run once the row is free; its server session dies with it.
      await pg.query('SELECT pg_terminate_backend($1)', [recordingPid]);
      await blocker.query('ROLLBACK');
    } finally {
      await blocker.end();
    }
    expect(await placing).toHaveProperty('message', 'fetch failed');
    const [record] = await rows<{ state: string }>('SELECT state FROM $schema.idempotency_keys WHERE key = $1', [key]);
    expect(record.state).toBe('in_flight');

    await sandbox.setFaults('oms', { latencyMs: 5 });
    await restartOrders(stack, 'SIGKILL');
    const retry = await retryUntilAnswered(orders, order, key);

    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toMatchObject({ orderId, state: 'RESERVED', storeId, memberId, pointsRedeemed: REDEEMED });

    // Exactly one of everything: the order, its reservation, its points hold, its ERP demand document.
    expect(await rows('SELECT order_id FROM $schema.pickup_orders WHERE store_id = $1', [storeId])).toEqual([{ order_id: orderId }]);
    expect(await holdsAsked(sandbox, storeId, memberId)).toEqual({ reservations: [orderId], redemptions: [`hold-${orderId}`] });
    const placed = await orderWhen(orders, orderId, 'demand posted', (o) => stepsOf(o).includes('erp-demand-posted'), 60_000);
    const reservationId = placed.timeline.find((e) => e.step === 'stock-reserved')!.detail.reservationId as string;
    expect(await reservationStatus(sandbox, reservationId)).toBe('ACTIVE');
    expect(await levelOf(sandbox, storeId, sku)).toEqual({ ...stockBefore, reserved: stockBefore.reserved + 2 });
    expect(await pointsOf(sandbox, memberId)).toBe(pointsBefore - REDEEMED);
    const demands = [...(await createdErpDocuments(sandbox)).entries()].filter(([reference]) => reference.startsWith('demand_'));
    expect(demands).toEqual([[`demand_${orderId}`, 1]]);
    expect(await erpDocumentsListed(sandbox, `demand_${orderId}`)).toHaveLength(1);

    // Later retries keep answering the order, as it is now.
    const again = await orders.place(order, key);
    expect(again.status).toBe(201);
    expect(again.body.orderId).toBe(orderId);
    expect(stepsOf(again.body)).toContain('erp-demand-posted');
  });
});

describe.each(ORDERS_DATABASES)('process-orders killed in the middle of a placement, then retried (%s)', (database) => {
  let stack: OrdersStack;
  let orders: OrdersClient;

  beforeAll(async () => {
    stack = await startOrdersStack({
      database,
      orders: { IDEMPOTENCY_LOCK_S: LOCK_S, PLACEMENT_RECOVERY_S: '5', JOB_ATTEMPT_TIMEOUT_S: '5' },
    });
    orders = new OrdersClient(stack);
  });
  afterAll(() => stopOrdersStack(stack));

  it('answers the retry with the interrupted order, which recovery compensates, and never places a second one', async () => {
    const { sandbox } = stack;
    const storeId = (await sandbox.seed()).stores[18].storeId;
    const [sku] = await skusAt(sandbox, storeId, 1, (l) => l.onHand >= 2);
    const [memberId] = await membersWith(sandbox, (m) => m.status === 'ACTIVE' && m.points >= 1_000);
    const [stockBefore, pointsBefore] = [await levelOf(sandbox, storeId, sku), await pointsOf(sandbox, memberId)];
    const order: PlaceOrder = { storeId, memberId, lines: [{ sku, quantity: 2 }], redeemPoints: REDEEMED };
    const key = randomUUID();

    // The OMS is still reserving, so the order is written (PLACED) and the key bound, when the process dies.
    await sandbox.setFaults('oms', { latencyMs: 1_500 });
    const reservationsAsked = () => sandbox.operationCalls('oms', 'POST reservations');
    const before = await reservationsAsked();
    const placing = orders.place(order, key).catch((error: unknown) => error);
    await until('the reservation asked for', async () => ((await reservationsAsked()) > before ? true : undefined), 10_000, 20);
    await restartOrders(stack, 'SIGKILL');
    expect(await placing).toHaveProperty('message', 'fetch failed');
    // The OMS logs the call once it has answered it; its reference is the order's id.
    const orderId = await until('the reservation logged', async () => (await holdsAsked(sandbox, storeId, memberId)).reservations[0], 10_000, 100);
    await sandbox.setFaults('oms', { latencyMs: 5 });

    const retry = await retryUntilAnswered(orders, order, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.orderId).toBe(orderId);
    expect(['PLACED', 'CANCELLED']).toContain(retry.body.state);

    await orderWhen(orders, orderId, 'compensated', (o) => o.state === 'CANCELLED', 60_000);
    const again = await orders.place(order, key);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ orderId, state: 'CANCELLED' });
    expect(stepsOf(again.body)).toContain('placement-interrupted');

    // Recovery asked again under the same references only; everything held is given back; nothing was posted.
    const holds = await holdsAsked(sandbox, storeId, memberId);
    expect(holds.reservations).toEqual([orderId]);
    expect(holds.redemptions.every((reference) => reference === `hold-${orderId}`)).toBe(true);
    expect(await levelOf(sandbox, storeId, sku)).toEqual(stockBefore);
    expect(await pointsOf(sandbox, memberId)).toBe(pointsBefore);
    expect([...(await createdErpDocuments(sandbox)).keys()].filter((reference) => reference.startsWith('demand_'))).toEqual([]);
  });
});
