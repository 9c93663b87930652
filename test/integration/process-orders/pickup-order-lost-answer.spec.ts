import { randomInt, randomUUID } from 'node:crypto';
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
// The killed request held its key this long; a retry before that is told the key is in flight, or
// (once its work was committed) answered 202 with what it committed, as if it still ran.
const LOCK_S = '5';

/** Sends a retry until the killed request's lock has lapsed; returns the first answer that is neither "in flight" nor "still running". */
function retryUntilAnswered(send: () => Promise<Answer<PickupOrderBody>>): Promise<Answer<PickupOrderBody>> {
  return until(
    'the retry answered',
    async () => {
      const answer = await send();
      const inFlight =
        answer.status === 409 &&
        (answer.body as { type?: string }).type === `${PROBLEM}idempotency-key-in-flight`;
      const stillRunning = answer.status === 202 && answer.headers.get('idempotent-replayed') === 'true';
      return inFlight || stillRunning ? undefined : answer;
    },
    30_000,
    500,
  );
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

describe('process-orders killed after committing a write, before answering it (postgres)', () => {
  let stack: OrdersStack;
  let orders: OrdersClient;
  let pg: Client;

  beforeAll(async () => {
    stack = await startOrdersStack({
      database: 'postgres',
      orders: { IDEMPOTENCY_LOCK_S: LOCK_S, JOB_ATTEMPT_TIMEOUT_S: '5' },
    });
    orders = new OrdersClient(stack);
    pg = new Client({ connectionString: DATABASE_URL });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await stopOrdersStack(stack);
  });

  // Without parameters the text may hold several statements.
  const rows = async <T>(sql: string, params?: unknown[]) =>
    (await pg.query(sql.replaceAll('$schema', `"${stack.schema}"`), params)).rows as T[];

  /**
   * Sends a write and SIGKILLs process-orders once `committed` holds while the write's answer waits
   * to be recorded: a trigger in this stack's schema makes the recording wait for an advisory lock
   * the test holds, so the work is committed and the answer is neither recorded nor sent. Resolves
   * with what the client got (a failed fetch).
   */
  async function killBeforeTheAnswer(
    send: () => Promise<unknown>,
    committed: () => Promise<boolean>,
  ): Promise<unknown> {
    const lock = randomInt(1, 2 ** 47);
    const blocker = new Client({ connectionString: DATABASE_URL });
    await blocker.connect();
    await blocker.query('SELECT pg_advisory_lock($1)', [lock]);
    const blockerPid = (await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    await rows(`
      CREATE FUNCTION $schema.stall_answers() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_advisory_xact_lock(${lock}); RETURN NEW; END $$;
      CREATE TRIGGER stall_answers BEFORE UPDATE ON $schema.idempotency_keys FOR EACH ROW
        WHEN (OLD.state = 'in_flight' AND NEW.state = 'completed') EXECUTE FUNCTION $schema.stall_answers()`);
    let answered = false;
    const sending = send().then(
      (answer) => {
        answered = true;
        return answer;
      },
      (error: unknown) => error,
    );
    try {
      const recordingPid = await until(
        'the work committed and its answer waiting to be recorded',
        async () => {
          const waiting = await rows<{ pid: number }>(
            'SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
            [blockerPid],
          );
          return waiting.length === 1 && (await committed()) ? waiting[0].pid : undefined;
        },
        30_000,
        50,
      );
      expect(answered).toBe(false);
      await stack.orders.stop('SIGKILL');
      // The dead process's statement would still run once the lock is free; its server session dies with it.
      await rows('SELECT pg_terminate_backend($1)', [recordingPid]);
    } finally {
      await rows(
        'DROP TRIGGER IF EXISTS stall_answers ON $schema.idempotency_keys; DROP FUNCTION IF EXISTS $schema.stall_answers()',
      );
      await blocker.end();
    }
    return sending;
  }

  const keyState = async (key: string) =>
    (await rows<{ state: string }>('SELECT state FROM $schema.idempotency_keys WHERE key = $1', [key]))[0]
      .state;
  const postings = (orderId: string, kind: string) =>
    rows('SELECT 1 FROM $schema.erp_postings WHERE source_id = $1 AND kind = $2', [orderId, kind]);
  const stateOf = async (orderId: string) =>
    (
      await rows<{ state: string }>('SELECT state FROM $schema.pickup_orders WHERE order_id = $1', [orderId])
    )[0]?.state;

  it('answers the retried placement with the order it placed, which was placed, reserved, held and posted once', async () => {
    const { sandbox } = stack;
    const storeId = (await sandbox.seed()).stores[17].storeId;
    const [sku] = await skusAt(sandbox, storeId, 1, (l) => l.onHand >= 2);
    const [memberId] = await membersWith(sandbox, (m) => m.status === 'ACTIVE' && m.points >= 1_000);
    const [stockBefore, pointsBefore] = [
      await levelOf(sandbox, storeId, sku),
      await pointsOf(sandbox, memberId),
    ];
    const order: PlaceOrder = { storeId, memberId, lines: [{ sku, quantity: 2 }], redeemPoints: REDEEMED };
    const key = randomUUID();
    const ordersAt = () =>
      rows<{ order_id: string }>('SELECT order_id FROM $schema.pickup_orders WHERE store_id = $1', [storeId]);

    const lost = await killBeforeTheAnswer(
      () => orders.place(order, key),
      async () => {
        const [placed] = await ordersAt();
        return (
          placed !== undefined &&
          (await stateOf(placed.order_id)) === 'RESERVED' &&
          (await postings(placed.order_id, 'DEMAND')).length === 1
        );
      },
    );
    expect(lost).toHaveProperty('message', 'fetch failed');
    expect(await keyState(key)).toBe('in_flight');
    const [{ order_id: orderId }] = await ordersAt();

    await restartOrders(stack, 'SIGKILL');
    const retry = await retryUntilAnswered(() => orders.place(order, key));

    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toMatchObject({
      orderId,
      state: 'RESERVED',
      storeId,
      memberId,
      pointsRedeemed: REDEEMED,
    });

    // Exactly one of everything: the order, its reservation, its points hold, its ERP demand document.
    expect(await ordersAt()).toEqual([{ order_id: orderId }]);
    expect(await holdsAsked(sandbox, storeId, memberId)).toEqual({
      reservations: [orderId],
      redemptions: [`hold-${orderId}`],
    });
    const placed = await orderWhen(
      orders,
      orderId,
      'demand posted',
      (o) => stepsOf(o).includes('erp-demand-posted'),
      60_000,
    );
    const reservationId = placed.timeline.find((e) => e.step === 'stock-reserved')!.detail
      .reservationId as string;
    expect(await reservationStatus(sandbox, reservationId)).toBe('ACTIVE');
    expect(await levelOf(sandbox, storeId, sku)).toEqual({
      ...stockBefore,
      reserved: stockBefore.reserved + 2,
    });
    expect(await pointsOf(sandbox, memberId)).toBe(pointsBefore - REDEEMED);
    const demands = [...(await createdErpDocuments(sandbox)).entries()].filter(([reference]) =>
      reference.startsWith('demand_'),
    );
    expect(demands).toEqual([[`demand_${orderId}`, 1]]);
    expect(await erpDocumentsListed(sandbox, `demand_${orderId}`)).toHaveLength(1);

    // Later retries keep answering the order, as it is now.
    const again = await orders.place(order, key);
    expect(again.status).toBe(201);
    expect(again.body.orderId).toBe(orderId);
    expect(stepsOf(again.body)).toContain('erp-demand-posted');
  });

  it('answers the retried collection with the collected order instead of refusing it, posting the sale once', async () => {
    const { sandbox } = stack;
    const storeId = (await sandbox.seed()).stores[19].storeId;
    const [sku] = await skusAt(sandbox, storeId, 1, (l) => l.onHand >= 1);
    const placed = await orders.place({ storeId, lines: [{ sku, quantity: 1 }] });
    expect(placed.status).toBe(201);
    const { orderId } = placed.body;
    await orderWhen(orders, orderId, 'pick list sent', (o) => stepsOf(o).includes('pick-list-sent'), 60_000);
    expect((await orders.ready(orderId, storeId)).status).toBe(200);
    const key = randomUUID();

    const lost = await killBeforeTheAnswer(
      () => orders.collect(orderId, storeId, key),
      async () => (await stateOf(orderId)) === 'COLLECTED' && (await postings(orderId, 'SALE')).length === 1,
    );
    expect(lost).toHaveProperty('message', 'fetch failed');
    expect(await keyState(key)).toBe('in_flight');

    await restartOrders(stack, 'SIGKILL');
    const retry = await retryUntilAnswered(() => orders.collect(orderId, storeId, key));

    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toMatchObject({ orderId, state: 'COLLECTED' });
    await orderWhen(orders, orderId, 'sale posted', (o) => stepsOf(o).includes('erp-sale-posted'), 60_000);
    expect((await createdErpDocuments(sandbox)).get(`sale_${orderId}`)).toBe(1);
    expect(await erpDocumentsListed(sandbox, `sale_${orderId}`)).toHaveLength(1);
  });
});

describe.each(ORDERS_DATABASES)(
  'process-orders killed in the middle of a placement, then retried (%s)',
  (database) => {
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
      const [stockBefore, pointsBefore] = [
        await levelOf(sandbox, storeId, sku),
        await pointsOf(sandbox, memberId),
      ];
      const order: PlaceOrder = { storeId, memberId, lines: [{ sku, quantity: 2 }], redeemPoints: REDEEMED };
      const key = randomUUID();

      // The OMS is still reserving, so the order is written (PLACED) and the key bound, when the process dies.
      await sandbox.setFaults('oms', { latencyMs: 1_500 });
      const reservationsAsked = () => sandbox.operationCalls('oms', 'POST reservations');
      const before = await reservationsAsked();
      const placing = orders.place(order, key).catch((error: unknown) => error);
      await until(
        'the reservation asked for',
        async () => ((await reservationsAsked()) > before ? true : undefined),
        10_000,
        20,
      );
      await restartOrders(stack, 'SIGKILL');
      expect(await placing).toHaveProperty('message', 'fetch failed');
      // The OMS logs the call once it has answered it; its reference is the order's id.
      const orderId = await until(
        'the reservation logged',
        async () => (await holdsAsked(sandbox, storeId, memberId)).reservations[0],
        10_000,
        100,
      );
      await sandbox.setFaults('oms', { latencyMs: 5 });

      const retry = await retryUntilAnswered(() => orders.place(order, key));
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
      expect(
        [...(await createdErpDocuments(sandbox)).keys()].filter((reference) =>
          reference.startsWith('demand_'),
        ),
      ).toEqual([]);
    });
  },
);
