import {
  ORDERS_DATABASES,
  OrdersClient,
  type OrdersStack,
  type PickupOrderBody,
  createdErpDocuments,
  erpDocumentsListed,
  levelOf,
  membersWith,
  omsOrderStatus,
  pointsOf,
  reservationStatus,
  restartOrders,
  skusAt,
  stockAt,
  startOrdersStack,
  stepsOf,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';

const ORDERS = 30;
const REDEEMED = 100;
// Its own waits (pick lists up to 60 s, recovery up to 150 s) fit inside it: alone it takes about
// 20 s, but beside the other suites on two cores one run went past the 120 s default.
const TEST_TIMEOUT_MS = 300_000;

describe.each(ORDERS_DATABASES)(
  'process-orders killed in the middle of the follow-up steps (%s)',
  (database) => {
    let stack: OrdersStack;
    let orders: OrdersClient;

    beforeAll(async () => {
      // Attempts held by the killed process count as failed after 5 s and are retried by the new one.
      stack = await startOrdersStack({ database, orders: { JOB_ATTEMPT_TIMEOUT_S: '5' } });
      orders = new OrdersClient(stack);
    });
    afterAll(() => stopOrdersStack(stack));

    it(
      'completes or compensates every order after a restart, posting each document once',
      async () => {
        const { sandbox } = stack;
        const storeId = (await sandbox.seed()).stores[12].storeId;
        const skus = await skusAt(sandbox, storeId, 10, (l) => l.onHand >= 3);
        const members = (await membersWith(sandbox, (m) => m.status === 'ACTIVE' && m.points >= 1_000)).slice(
          0,
          ORDERS,
        );
        const pointsBefore = await Promise.all(members.map((m) => pointsOf(sandbox, m)));
        const stockBefore = await stockAt(sandbox, storeId, skus);

        // A slow OMS keeps order creation, pick lists and reservation moves in flight.
        await sandbox.setFaults('oms', { latencyMs: 1_200 });
        const placed = await Promise.all(
          members.map((memberId, i) =>
            orders.place({
              storeId,
              memberId,
              lines: [{ sku: skus[i % skus.length], quantity: 1 }],
              redeemPoints: REDEEMED,
            }),
          ),
        );
        expect(placed.map((p) => p.status)).toEqual(Array(ORDERS).fill(201));
        const ids = placed.map((p) => p.body.orderId);
        const memberOf = new Map(ids.map((id, i) => [id, i]));

        // Some orders are picked and collected (their consumption and sale posting now in flight), some cancelled.
        const withPickList = await until(
          'five pick lists sent',
          async () => {
            const views = await Promise.all(ids.map(async (id) => (await orders.get(id)).body));
            const picked = views.filter((o) => stepsOf(o).includes('pick-list-sent')).map((o) => o.orderId);
            return picked.length >= 5 ? picked.slice(0, 5) : undefined;
          },
          60_000,
          100,
        );
        const collected = withPickList;
        for (const id of collected) {
          expect((await orders.ready(id, storeId)).status).toBe(200);
          expect((await orders.collect(id, storeId)).status).toBe(200);
        }
        const cancelled = ids.filter((id) => !collected.includes(id)).slice(-5);
        for (const id of cancelled) expect((await orders.cancel(id)).status).toBe(200);

        const finished = (o: PickupOrderBody) => {
          const steps = stepsOf(o);
          if (!steps.includes('erp-demand-posted')) return false;
          if (cancelled.includes(o.orderId))
            return o.state === 'CANCELLED' && steps.includes('holds-released');
          const fulfilled = steps.includes('oms-order-created') && steps.includes('pick-list-sent');
          if (collected.includes(o.orderId)) {
            return (
              fulfilled &&
              ['erp-sale-posted', 'reservation-consumed', 'points-accrued'].every((s) => steps.includes(s))
            );
          }
          return fulfilled && o.state === 'RESERVED';
        };
        // The kill lands while follow-up work is still under way.
        const beforeKill = await Promise.all(ids.map(async (id) => (await orders.get(id)).body));
        expect(beforeKill.filter((o) => !finished(o)).length).toBeGreaterThan(0);
        await restartOrders(stack, 'SIGKILL');
        await sandbox.setFaults('oms', { latencyMs: 5 });

        const views = await until(
          'every order completed or compensated',
          async () => {
            const all = await Promise.all(ids.map(async (id) => (await orders.get(id)).body));
            return all.every(finished) ? all : undefined;
          },
          150_000,
          1_000,
        );

        // No ERP document twice, in the call log or in the ERP's own list.
        const created = await createdErpDocuments(sandbox);
        expect([...created.values()].every((n) => n === 1)).toBe(true);
        for (const id of ids) {
          expect(created.get(`demand_${id}`)).toBe(1);
          expect(await erpDocumentsListed(sandbox, `demand_${id}`)).toHaveLength(1);
        }
        for (const id of collected) {
          expect(created.get(`sale_${id}`)).toBe(1);
          expect(await erpDocumentsListed(sandbox, `sale_${id}`)).toHaveLength(1);
        }
        expect(
          views
            .filter((o) => !cancelled.includes(o.orderId))
            .every((o) => o.postings.every((p) => p.status === 'posted')),
        ).toBe(true);

        // Points: held for open orders, captured and accrued for collected ones, given back to cancelled ones.
        for (const order of views) {
          const i = memberOf.get(order.orderId)!;
          const expected = cancelled.includes(order.orderId)
            ? pointsBefore[i]
            : collected.includes(order.orderId)
              ? pointsBefore[i] - REDEEMED + Math.floor(order.total.amountMinor / 100)
              : pointsBefore[i] - REDEEMED;
          expect({ order: order.orderId, points: await pointsOf(sandbox, members[i]) }).toEqual({
            order: order.orderId,
            points: expected,
          });
          const reservationId = order.timeline.find((e) => e.step === 'stock-reserved')!.detail
            .reservationId as string;
          const reservation = cancelled.includes(order.orderId)
            ? 'RELEASED'
            : collected.includes(order.orderId)
              ? 'CONSUMED'
              : 'ACTIVE';
          expect({
            order: order.orderId,
            reservation: await reservationStatus(sandbox, reservationId),
          }).toEqual({ order: order.orderId, reservation });
          if (order.omsOrderId) {
            const status = cancelled.includes(order.orderId)
              ? 'CANCELLED'
              : collected.includes(order.orderId)
                ? 'COLLECTED'
                : 'CREATED';
            expect({ order: order.orderId, oms: await omsOrderStatus(sandbox, order.omsOrderId) }).toEqual({
              order: order.orderId,
              oms: status,
            });
          }
        }

        // Stock: what the open orders hold is reserved, the collected units left the shelf, nothing else moved.
        for (const [k, sku] of skus.entries()) {
          const orderOn = (id: string) =>
            placed[memberOf.get(id)!].body.storeId === storeId && memberOf.get(id)! % skus.length === k;
          const open = ids.filter(
            (id) => orderOn(id) && !cancelled.includes(id) && !collected.includes(id),
          ).length;
          const gone = collected.filter(orderOn).length;
          expect(await levelOf(sandbox, storeId, sku)).toEqual({
            sku,
            onHand: stockBefore[k].onHand - gone,
            reserved: stockBefore[k].reserved + open,
          });
        }
      },
      TEST_TIMEOUT_MS,
    );
  },
);
