import {
  OrdersClient,
  type OrdersStack,
  orderWhen,
  skusAt,
  startOrdersStack,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';
import { erpDocuments, netDemand } from './erp-posting-support';

const PICKUP_WINDOW_S = 6;

describe('pickup orders that end uncollected take their ERP demand back (postgres)', () => {
  let stack: OrdersStack;
  let orders: OrdersClient;

  beforeAll(async () => {
    stack = await startOrdersStack({
      database: 'postgres',
      orders: { PICKUP_WINDOW_S: String(PICKUP_WINDOW_S), ERP_POSTING_MAX_RETRY_DELAY_S: '1' },
      systems: { erp: { BREAKER_RESET_MS: '1000' } },
    });
    orders = new OrdersClient(stack);
  });
  afterAll(() => stopOrdersStack(stack));

  const posted = (orderId: string, postingId: string) =>
    orderWhen(orders, orderId, `${postingId} posted`, (o) =>
      o.postings.some((p) => p.postingId === postingId && p.status === 'posted'),
    );

  it('reverses a posted demand on cancel and on expiry, voids one still waiting, and the ERP nets zero', async () => {
    const { sandbox } = stack;
    const storeId = (await sandbox.seed()).stores[21].storeId;
    const skus = await skusAt(sandbox, storeId, 4, (l) => l.onHand >= 5);
    const place = async (sku: string, quantity: number) => {
      const answer = await orders.place({ storeId, lines: [{ sku, quantity }] });
      expect(answer.status).toBe(201);
      return answer.body.orderId as string;
    };

    // Posted, then cancelled / expired: a reversing DEMAND with negated lines, referencing the original.
    const cancelled = await place(skus[0], 2);
    const expiring = await place(skus[1], 3);
    await posted(cancelled, `demand_${cancelled}`);
    await posted(expiring, `demand_${expiring}`);
    expect((await orders.cancel(cancelled)).status).toBe(200);
    const reversedOnCancel = await posted(cancelled, `rev_demand_${cancelled}`);
    const reversedOnExpiry = await posted(expiring, `rev_demand_${expiring}`);
    expect(reversedOnExpiry.state).toBe('EXPIRED');
    for (const [order, orderId, sku, quantity] of [
      [reversedOnCancel, cancelled, skus[0], 2],
      [reversedOnExpiry, expiring, skus[1], 3],
    ] as const) {
      const { documents, bySku } = await netDemand(sandbox, orderId);
      expect(documents).toHaveLength(2);
      expect(bySku).toEqual({ [sku]: 0 });
      const reversal = documents.find((d) => d.ExternalReference === `rev_demand_${orderId}`)!;
      expect(reversal).toMatchObject({ DocumentType: 'DEMAND', ReferenceDocument: `demand_${orderId}` });
      expect(Number(reversal.Items.results[0].Quantity)).toBe(-quantity);
      expect(order.timeline.find((e) => e.step === 'erp-demand-reversal-posted')?.detail).toMatchObject({
        reverses: `demand_${orderId}`,
      });
    }

    // Still waiting in the ledger (the ERP is down): voided, never sent, whether cancelled or expired.
    await stack.sandbox.setFaults('erp', { outage: true });
    const voidOnCancel = await place(skus[2], 1);
    const voidOnExpiry = await place(skus[3], 1);
    expect((await orders.cancel(voidOnCancel)).status).toBe(200);
    await orderWhen(orders, voidOnExpiry, 'expired', (o) => o.state === 'EXPIRED', 30_000);
    for (const orderId of [voidOnCancel, voidOnExpiry]) {
      const order = await orderWhen(orders, orderId, 'demand voided', (o) =>
        o.postings.some((p) => p.status === 'void'),
      );
      expect(order.postings).toEqual([
        expect.objectContaining({ postingId: `demand_${orderId}`, status: 'void', erpDocumentId: null }),
      ]);
    }
    await stack.sandbox.setFaults('erp', { outage: false });
    // A later order's demand landing shows the queue moved past the voided ones: they never reached the ERP.
    const later = await place(skus[0], 1);
    await posted(later, `demand_${later}`);
    await until('the posting backlog empty', async () =>
      (await orders.postingBacklog()).pending === 0 ? true : undefined,
    );
    for (const orderId of [voidOnCancel, voidOnExpiry])
      expect((await netDemand(sandbox, orderId)).documents).toEqual([]);
    expect(await orders.postingBacklog()).toMatchObject({ pending: 0, dead: 0, void: 2 });
  }, 120_000);

  it('posts the sale of a collected order referencing the demand it consumes', async () => {
    const { sandbox } = stack;
    const storeId = (await sandbox.seed()).stores[22].storeId;
    const [sku] = await skusAt(sandbox, storeId, 1, (l) => l.onHand >= 2);
    const orderId = (await orders.place({ storeId, lines: [{ sku, quantity: 1 }] })).body.orderId as string;
    // The store readies an order once its pick list has reached it.
    await orderWhen(orders, orderId, 'pick list sent', (o) =>
      o.timeline.some((e) => e.step === 'pick-list-sent'),
    );
    expect((await orders.ready(orderId, storeId)).status).toBe(200);
    expect((await orders.collect(orderId, storeId)).status).toBe(200);
    await posted(orderId, `sale_${orderId}`);
    const [sale] = await erpDocuments(sandbox, [`sale_${orderId}`]);
    expect(sale).toMatchObject({ DocumentType: 'SALE', ReferenceDocument: `demand_${orderId}` });
    expect(await erpDocuments(sandbox, [`rev_demand_${orderId}`])).toEqual([]);
  }, 60_000);
});
