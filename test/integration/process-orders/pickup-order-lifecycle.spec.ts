import {
  ORDERS_DATABASES,
  OrdersClient,
  type OrdersStack,
  callsNaming,
  createdErpDocuments,
  erpDocumentsListed,
  levelOf,
  membersWith,
  omsOrderStatus,
  orderWhen,
  pointsOf,
  reservationStatus,
  skusAt,
  startOrdersStack,
  stepsOf,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';

describe.each(ORDERS_DATABASES)('a pickup order from placement to collection (%s)', (database) => {
  let stack: OrdersStack;
  let orders: OrdersClient;
  let storeId: string;
  let skus: string[];
  let memberId: string;

  beforeAll(async () => {
    stack = await startOrdersStack({ database });
    orders = new OrdersClient(stack);
    storeId = (await stack.sandbox.seed()).stores[2].storeId;
    skus = await skusAt(stack.sandbox, storeId, 2, (l) => l.onHand >= 5);
    [memberId] = await membersWith(stack.sandbox, (m) => m.status === 'ACTIVE' && m.points >= 2_000);
  });
  afterAll(() => stopOrdersStack(stack));

  it('reserves, fulfils, collects and posts each ERP document once, capturing the held points', async () => {
    const pointsBefore = await pointsOf(stack.sandbox, memberId);
    const stockBefore = await Promise.all(skus.map((sku) => levelOf(stack.sandbox, storeId, sku)));

    const placed = await orders.place({
      storeId,
      memberId,
      lines: [
        { sku: skus[0], quantity: 2 },
        { sku: skus[1], quantity: 1 },
      ],
      redeemPoints: 200,
    });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ state: 'RESERVED', storeId, memberId, pointsRedeemed: 200 });
    const { orderId } = placed.body;
    // The hold is a redemption: the points leave the balance at placement, the stock is reserved.
    expect(await pointsOf(stack.sandbox, memberId)).toBe(pointsBefore - 200);
    expect((await levelOf(stack.sandbox, storeId, skus[0])).reserved).toBe(stockBefore[0].reserved + 2);
    const holdsOf = async () =>
      (await orders.call('experience-storefront', 'GET', `/v1/members/${memberId}/points-holds`)).body as {
        holds: unknown[];
      };
    expect((await holdsOf()).holds).toEqual([
      { holdId: expect.any(String), orderId, points: 200, createdAt: expect.any(String) },
    ]);

    // The store readies the order once its pick list arrived.
    await orderWhen(orders, orderId, 'pick list sent', (o) => stepsOf(o).includes('pick-list-sent'));
    const ready = await orders.ready(orderId, storeId);
    expect(ready.status).toBe(200);
    expect(ready.body.state).toBe('READY_FOR_PICKUP');
    const collected = await orders.collect(orderId, storeId);
    expect(collected.status).toBe(200);
    expect(collected.body.state).toBe('COLLECTED');
    // Collected, the points are captured: the order holds them no more.
    expect((await holdsOf()).holds).toEqual([]);

    const done = await orderWhen(orders, orderId, 'every follow-up step', (o) =>
      ['erp-demand-posted', 'erp-sale-posted', 'reservation-consumed', 'points-accrued'].every((s) =>
        stepsOf(o).includes(s),
      ),
    );

    // Exactly one SALE and one DEMAND document, as the call log and the ERP's own list say.
    const created = await createdErpDocuments(stack.sandbox);
    expect(created.get(`sale_${orderId}`)).toBe(1);
    expect(created.get(`demand_${orderId}`)).toBe(1);
    const [sale] = await erpDocumentsListed(stack.sandbox, `sale_${orderId}`);
    const [demand] = await erpDocumentsListed(stack.sandbox, `demand_${orderId}`);
    expect(sale.DocumentType).toBe('SALE');
    expect(demand.DocumentType).toBe('DEMAND');

    // The timeline names each step with the backend's document id.
    const detail = (step: string) => done.timeline.find((e) => e.step === step)!.detail;
    expect(stepsOf(done).slice(0, 3)).toEqual(['placed', 'stock-reserved', 'points-held']);
    const { reservationId } = detail('stock-reserved') as { reservationId: string };
    const { redemptionId } = detail('points-held') as { redemptionId: string };
    expect(reservationId).toMatch(/^RS\d+$/);
    expect(redemptionId).toEqual(expect.any(String));
    expect(detail('oms-order-created')).toEqual({ omsOrderId: done.omsOrderId });
    expect(detail('pick-list-sent')).toMatchObject({ pickListId: expect.stringMatching(/^PK\d+$/) });
    expect(detail('erp-demand-posted')).toMatchObject({ erpDocumentId: demand.RetailDocument });
    expect(detail('erp-sale-posted')).toMatchObject({ erpDocumentId: sale.RetailDocument });
    expect(done.postings).toEqual(
      expect.arrayContaining([
        {
          postingId: `demand_${orderId}`,
          kind: 'DEMAND',
          status: 'posted',
          erpDocumentId: demand.RetailDocument,
        },
        { postingId: `sale_${orderId}`, kind: 'SALE', status: 'posted', erpDocumentId: sale.RetailDocument },
      ]),
    );
    expect(stepsOf(done)).toContain('points-captured');

    // The points were captured (never given back) and the paid amount earned new ones.
    const accrued = Math.floor(done.total.amountMinor / 100);
    expect(detail('points-accrued')).toEqual({ points: accrued });
    expect(
      await callsNaming(stack.sandbox, 'loyalty', 'POST redemptions/{redemptionId}/cancel', redemptionId),
    ).toEqual([]);
    expect(await pointsOf(stack.sandbox, memberId)).toBe(pointsBefore - 200 + accrued);

    // The goods left the store: the reservation is consumed, and the OMS order closed as collected.
    expect(await reservationStatus(stack.sandbox, reservationId)).toBe('CONSUMED');
    const stockAfter = await levelOf(stack.sandbox, storeId, skus[0]);
    expect(stockAfter).toEqual({ ...stockBefore[0], onHand: stockBefore[0].onHand - 2 });
    await until(
      'the OMS order collected',
      async () =>
        (await omsOrderStatus(stack.sandbox, done.omsOrderId!)) === 'COLLECTED' ? true : undefined,
      10_000,
    );
  });
});
