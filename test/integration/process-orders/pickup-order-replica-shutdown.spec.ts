import { randomUUID } from 'node:crypto';
import { type AppExit, type AppProcess, startApp } from '../../support/app-process';
import {
  OrdersClient,
  type OrdersStack,
  type PickupOrderBody,
  createdErpDocuments,
  levelOf,
  skusAt,
  startOrdersStack,
  stepsOf,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';
import { type Forwarded, RoundRobinBalancer } from '../../support/round-robin-balancer';
import { callerHeaders } from '../../support/stack';
import type { SandboxClient } from '../../support/sandbox-client';

const DRAIN_DELAY_MS = 1_500;
const SHUTDOWN_TIMEOUT_MS = 20_000;
/** Longer than the drain delay, so a placement sent just before the signal is still running when the listener closes. */
const OMS_LATENCY_MS = 3_000;
const PLACERS = 6;

/** How many times the sandbox OMS created something (201) under each reference the request body carries in `field`. */
async function createdAtOms(
  sandbox: SandboxClient,
  operation: string,
  field: string,
): Promise<Map<string, number>> {
  const created = new Map<string, number>();
  for (const call of (await sandbox.calls('oms', operation)).filter((c) => c.status === 201)) {
    const reference = String((call.body as Record<string, unknown> | undefined)?.[field]);
    created.set(reference, (created.get(reference) ?? 0) + 1);
  }
  return created;
}

/** One placement as the channel saw it. */
interface Placement {
  status?: number;
  orderId?: string;
  /** A guest order's access token, needed to read it back. */
  accessToken?: string;
  error?: string;
}

/**
 * Channels placing pickup orders one after another through `url`, `concurrency` at a time, until
 * stopped; order n is one unit of `skus[n % skus.length]`. `placeAt` places one more elsewhere.
 */
function placeContinuously(url: string, storeId: string, skus: string[], concurrency: number) {
  const placements: Placement[] = [];
  let on = true;
  const place = async (at: string): Promise<Placement> => {
    const placement: Placement = {};
    const n = placements.push(placement) - 1;
    try {
      const answer = await fetch(`${at}/v1/pickup-orders`, {
        method: 'POST',
        headers: {
          ...callerHeaders('experience-storefront'),
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify({ storeId, lines: [{ sku: skus[n % skus.length], quantity: 1 }] }),
      });
      placement.status = answer.status;
      ({ orderId: placement.orderId, accessToken: placement.accessToken } =
        (await answer.json()) as Placement);
    } catch (error) {
      placement.error = String((error as Error).cause ?? error);
    }
    return placement;
  };
  const channels = Array.from({ length: concurrency }, async () => {
    while (on) await place(url);
  });
  return {
    placements,
    placeAt: place,
    async stop(): Promise<void> {
      on = false;
      await Promise.all(channels);
    },
  };
}

describe('a process-orders replica stopped with SIGTERM under a steady load of placements', () => {
  let stack: OrdersStack;
  let stopping: AppProcess;
  let staying: AppProcess;
  let balancer: RoundRobinBalancer;
  let load: ReturnType<typeof placeContinuously> | undefined;

  beforeAll(async () => {
    // Two replicas on one PostgreSQL schema share the orders and the job queue; the system OMS waits out the slow sandbox.
    const shutdown = {
      LOG_LEVEL: 'info',
      SHUTDOWN_DRAIN_DELAY_MS: String(DRAIN_DELAY_MS),
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    };
    stack = await startOrdersStack({
      database: 'postgres',
      orders: shutdown,
      systems: { oms: { BACKEND_TIMEOUT_MS: '10000' } },
    });
    stopping = stack.orders;
    staying = await startApp('process-orders', stack.ordersEnv);
    balancer = await new RoundRobinBalancer([stopping.url, staying.url]).start();
  });
  afterAll(async () => {
    await load?.stop();
    await balancer?.close();
    if (staying) stack.orders = staying;
    await stopping?.stop();
    await stopOrdersStack(stack);
  });

  it('answers every placement, loses and doubles nothing, and exits 0 within its timeout', async () => {
    const { sandbox } = stack;
    const storeId = (await sandbox.seed()).stores[7].storeId;
    const skus = await skusAt(sandbox, storeId, 6, (l) => l.onHand >= 40);
    const stockBefore = await Promise.all(skus.map((sku) => levelOf(sandbox, storeId, sku)));
    await sandbox.setFaults('oms', { latencyMs: OMS_LATENCY_MS });

    load = placeContinuously(balancer.url, storeId, skus, PLACERS);
    const { placements } = load;
    const placedAt = (replica: AppProcess, after = 0) =>
      balancer.forwarded.filter((f) => f.replica === replica.url && f.startedAt >= after && f.status === 201)
        .length;

    // Both replicas take orders, then the signal lands just as a placement starts on the one to stop.
    await until(
      'both replicas placing orders',
      async () => (placedAt(stopping) >= 3 && placedAt(staying) >= 3) || undefined,
      120_000,
      100,
    );
    const justStarted = await new Promise<Forwarded>((resolve) =>
      balancer.onForward((f) => f.replica === stopping.url && resolve(f)),
    );
    const signalledAt = Date.now();
    const exited = stopping.stop('SIGTERM');

    // Once its readiness says 503, a request from a balancer that has not noticed yet is still served.
    await until(
      'readiness 503 at the stopping replica',
      async () => (await fetch(`${stopping.url}/health/ready`)).status === 503 || undefined,
      10_000,
      20,
    );
    const late = await load.placeAt(stopping.url);
    const exit: AppExit = await exited;
    const exitedAt = Date.now();

    // The survivor keeps taking orders; then the load stops and every answer is in.
    await until(
      'placements after the exit',
      async () => placedAt(staying, exitedAt) >= 5 || undefined,
      60_000,
      100,
    );
    await load.stop();
    await sandbox.setFaults('oms', { latencyMs: 5 });

    // No placement failed: every one was answered 201, none refused, reset or broken off.
    expect(late.status).toBe(201);
    expect(placements.filter((p) => p.status !== 201)).toEqual([]);
    expect(balancer.forwarded.filter((f) => f.status !== 201)).toEqual([]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(exitedAt - signalledAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS);

    // Readiness turned first: the balancer took the replica out before its listener closed, and the
    // placement in flight at the signal was still running then, and was answered.
    const listenerClosedAt = Date.parse(
      stopping.logs.find((line) => String(line.msg).startsWith('drain delay over'))!.time as string,
    );
    expect(balancer.takenOutAt.get(stopping.url)).toBeGreaterThan(signalledAt);
    expect(balancer.takenOutAt.get(stopping.url)).toBeLessThan(listenerClosedAt);
    expect(justStarted.status).toBe(201);
    expect(justStarted.finishedAt).toBeGreaterThan(listenerClosedAt);
    expect(
      balancer.forwarded.filter((f) => f.replica === stopping.url && f.startedAt > listenerClosedAt),
    ).toEqual([]);

    // Every placed order exists once, and every job it scheduled ran: OMS order, pick list, ERP demand posting.
    const ids = placements.map((p) => p.orderId!);
    expect(new Set(ids).size).toBe(ids.length);
    const orders = new OrdersClient({ ...stack, orders: staying });
    const done = (o: PickupOrderBody) =>
      o.state === 'RESERVED' &&
      ['oms-order-created', 'pick-list-sent', 'erp-demand-posted'].every((step) => stepsOf(o).includes(step));
    await until(
      'every order fulfilled and posted',
      async () => {
        const views = await Promise.all(
          placements.map(
            async (p) =>
              (
                await orders.call<PickupOrderBody>(
                  'experience-storefront',
                  'GET',
                  `/v1/pickup-orders/${p.orderId}`,
                  undefined,
                  { 'x-order-access-token': p.accessToken! },
                )
              ).body,
          ),
        );
        return views.every(done) || undefined;
      },
      120_000,
      1_000,
    );

    // Nothing doubled at the backends: one reservation, one OMS order, one ERP document per order.
    const [reservations, omsOrders, erpDocuments] = await Promise.all([
      createdAtOms(sandbox, 'POST reservations', 'reservationRef'),
      createdAtOms(sandbox, 'POST orders', 'externalOrderId'),
      createdErpDocuments(sandbox),
    ]);
    for (const id of ids) {
      expect({
        id,
        reservations: reservations.get(id),
        omsOrders: omsOrders.get(id),
        erpDocuments: erpDocuments.get(`demand_${id}`),
      }).toEqual({
        id,
        reservations: 1,
        omsOrders: 1,
        erpDocuments: 1,
      });
    }
    for (const [k, sku] of skus.entries()) {
      const ordered = ids.filter((_, n) => n % skus.length === k).length;
      expect(await levelOf(sandbox, storeId, sku)).toEqual({
        sku,
        onHand: stockBefore[k].onHand,
        reserved: stockBefore[k].reserved + ordered,
      });
    }
  });
});
