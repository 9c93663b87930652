import {
  ORDERS_DATABASES,
  OrdersClient,
  type OrdersStack,
  type PickupOrderBody,
  createdErpDocuments,
  levelOf,
  membersWith,
  pointsOf,
  restartOrders,
  skusAt,
  stockAt,
  startOrdersStack,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';
import {
  type ReturnBody,
  ReturnsClient,
  collectedOrder,
  finalSaleSkus,
  loyaltyBookings,
  stockMovementsBooked,
} from '../../support/returns';

const PROBLEM = 'https://omnigate.dev/problems/';
const EFFECTS = ['stock-booked', 'points-refunded', 'accrual-reversed', 'erp-credit_memo-posted'];

describe.each(ORDERS_DATABASES)('returns of collected pickup orders at the counter (%s)', (database) => {
  let stack: OrdersStack;
  let orders: OrdersClient;
  let returns: ReturnsClient;
  let storeId: string;
  let otherStoreId: string;
  let skus: string[];
  let finalSaleSku: string;
  let members: string[];

  beforeAll(async () => {
    // Attempts held by a killed process count as failed after 5 s and are retried by the new one.
    stack = await startOrdersStack({ database, orders: { JOB_ATTEMPT_TIMEOUT_S: '5' } });
    orders = new OrdersClient(stack);
    returns = new ReturnsClient(orders);
    const { stores } = await stack.sandbox.seed();
    [storeId, otherStoreId] = [stores[3].storeId, stores[4].storeId];
    const stocked = await skusAt(stack.sandbox, storeId, 40, (l) => l.onHand >= 10);
    const finalSale = await finalSaleSkus(stack.sandbox, storeId, stocked);
    const carriedElsewhere = new Set((await stockAt(stack.sandbox, otherStoreId, stocked)).map((l) => l.sku));
    skus = stocked.filter((s) => !finalSale.has(s) && carriedElsewhere.has(s)).slice(0, 4);
    finalSaleSku = [...finalSale][0];
    expect(skus).toHaveLength(4);
    expect(finalSaleSku).toBeDefined();
    members = await membersWith(stack.sandbox, (m) => m.status === 'ACTIVE' && m.points >= 2_000);
  });
  afterAll(() => stopOrdersStack(stack));

  const money = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
  const unitPrice = (order: PickupOrderBody, line: number) =>
    (order as unknown as { lines: { unitPrice: { amountMinor: number } }[] }).lines[line - 1].unitPrice
      .amountMinor;
  const accruedOn = (order: PickupOrderBody) =>
    order.timeline.find((e) => e.step === 'points-accrued')!.detail.points as number;
  const detailOf = (ret: ReturnBody, step: string) =>
    ret.timeline.filter((e) => e.step === step).map((e) => e.detail);

  it('refunds a promoted-free order in two returns at another store: per line and tender as computed by hand, each effect once', async () => {
    const memberId = members[0];
    const order = await collectedOrder(orders, {
      storeId,
      memberId,
      lines: [
        { sku: skus[0], quantity: 2 },
        { sku: skus[1], quantity: 1 },
      ],
      redeemPoints: 200,
    });
    const [p1, p2] = [unitPrice(order, 1), unitPrice(order, 2)];
    const subtotal = 2 * p1 + p2; // what the lines were paid: no promotion or order discount on a pickup order
    const card = subtotal - 200; // 200 points at 1 minor each paid the rest
    const accrued = accruedOn(order);
    expect(accrued).toBe(Math.floor(card / 100));
    const pointsBefore = await pointsOf(stack.sandbox, memberId);
    const stockBefore = await levelOf(stack.sandbox, otherStoreId, skus[0]);

    // First: one of the two units of line 1, back to stock at another store.
    const first = await returns.create({
      storeId: otherStoreId,
      registerId: 'R2',
      orderId: order.orderId,
      lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
    });
    expect(first.status).toBe(201);
    const firstPoints = Math.floor((200 * p1) / subtotal);
    const firstCard = p1 - firstPoints; // floor(card x p1 / subtotal) plus the cent of rounding, if any
    expect(first.body).toMatchObject({
      state: 'REFUNDED',
      storeId: otherStoreId,
      mode: 'COUNTER',
      receipt: { kind: 'PICKUP_ORDER', reference: order.orderId, storeId },
      memberId,
      lines: [{ lineNumber: 1, sku: skus[0], quantity: 1, disposition: 'RESTOCK', refund: money(p1) }],
      refund: money(p1),
      tenders: [
        { type: 'CARD', amount: money(firstCard) },
        { type: 'POINTS', amount: money(firstPoints), points: firstPoints },
      ],
      pointsReversed: Math.floor((accrued * p1) / subtotal),
    });
    expect(first.body.returnId).toMatch(/^ret_[A-Za-z0-9_-]{16}$/);
    expect(first.body.timeline.map((e) => e.step).slice(0, 3)).toEqual(['requested', 'received', 'refunded']);

    const firstDone = await returns.when(first.body.returnId, EFFECTS);
    const [booked] = detailOf(firstDone, 'stock-booked');
    expect(booked).toMatchObject({
      movementId: expect.stringMatching(/^SM\d+$/),
      reason: 'RETURN_TO_STOCK',
      lines: [{ sku: skus[0], quantity: 1 }],
    });
    expect(detailOf(firstDone, 'points-refunded')).toEqual([
      { transactionId: expect.stringMatching(/^TX\d+$/), points: firstPoints },
    ]);
    expect(detailOf(firstDone, 'accrual-reversed')).toEqual([
      {
        transactionId: expect.stringMatching(/^TX\d+$/),
        accrualReference: `accrual-${order.orderId}`,
        points: first.body.pointsReversed,
      },
    ]);
    expect(detailOf(firstDone, 'erp-credit_memo-posted')).toEqual([
      { postingId: `credit_memo_${first.body.returnId}`, erpDocumentId: expect.stringMatching(/^90\d{8}$/) },
    ]);
    expect((await levelOf(stack.sandbox, otherStoreId, skus[0])).onHand).toBe(stockBefore.onHand + 1);
    expect(await pointsOf(stack.sandbox, memberId)).toBe(
      pointsBefore + firstPoints - first.body.pointsReversed,
    );

    // Second: the rest, one damaged, one missing; the two returns add up to the order, to the cent and the point.
    const stockBeforeRest = await stockAt(stack.sandbox, otherStoreId, [skus[0], skus[1]]);
    const rest = await returns.create({
      storeId: otherStoreId,
      orderId: order.orderId,
      lines: [
        { lineNumber: 1, quantity: 1, disposition: 'DAMAGED' },
        { lineNumber: 2, quantity: 1, disposition: 'MISSING' },
      ],
    });
    expect(rest.status).toBe(201);
    expect(rest.body.lines.map((l) => l.refund.amountMinor)).toEqual([p1, p2]);
    expect(rest.body.refund).toEqual(money(p1 + p2));
    expect(rest.body.tenders).toEqual([
      { type: 'CARD', amount: money(card - firstCard) },
      { type: 'POINTS', amount: money(200 - firstPoints), points: 200 - firstPoints },
    ]);
    expect(rest.body.pointsReversed).toBe(accrued - first.body.pointsReversed);
    const restDone = await returns.when(rest.body.returnId, [
      'stock-booked',
      'goods-missing',
      'erp-credit_memo-posted',
      ...(accrued > 0 ? ['accrual-reversed'] : []),
    ]);
    expect(detailOf(restDone, 'stock-booked')).toEqual([
      expect.objectContaining({ reason: 'RETURN_DAMAGED', lines: [{ sku: skus[0], quantity: 1 }] }),
    ]);
    expect(detailOf(restDone, 'goods-missing')).toEqual([{ lines: [{ sku: skus[1], quantity: 1 }] }]);
    // Damaged goods are not sellable: available stock did not move.
    expect(await stockAt(stack.sandbox, otherStoreId, [skus[0], skus[1]])).toEqual(stockBeforeRest);
    expect(await pointsOf(stack.sandbox, memberId)).toBe(pointsBefore + 200 - accrued);

    // Each effect once, as the backends' own logs say.
    const created = await createdErpDocuments(stack.sandbox);
    for (const r of [first.body, rest.body]) {
      expect(created.get(`credit_memo_${r.returnId}`)).toBe(1);
      expect(
        await loyaltyBookings(
          stack.sandbox,
          'POST members/{memberNumber}/accruals',
          `points-refund-${r.returnId}`,
        ),
      ).toBe(1);
      expect(
        await loyaltyBookings(
          stack.sandbox,
          'POST accruals/{accrualReference}/reversals',
          `accrual-reversal-${r.returnId}`,
        ),
      ).toBe(r.pointsReversed > 0 ? 1 : 0);
    }
    expect(await stockMovementsBooked(stack.sandbox, `${first.body.returnId}-return_to_stock`)).toBe(1);
    expect(await stockMovementsBooked(stack.sandbox, `${rest.body.returnId}-return_damaged`)).toBe(1);

    // Nothing is left to return: a third return is refused and changes nothing.
    const over = await returns.create({
      storeId,
      orderId: order.orderId,
      lines: [{ lineNumber: 2, quantity: 1, disposition: 'RESTOCK' }],
    });
    expect(over.status).toBe(422);
    expect(over.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(over.body).toMatchObject({
      type: `${PROBLEM}return-quantity-exceeded`,
      lineNumber: 2,
      returnable: 0,
    });
    expect(await pointsOf(stack.sandbox, memberId)).toBe(pointsBefore + 200 - accrued);
  });

  it('refuses more units than the line had, naming what is left', async () => {
    const order = await collectedOrder(orders, { storeId, lines: [{ sku: skus[2], quantity: 2 }] });
    const over = await returns.create({
      storeId,
      orderId: order.orderId,
      lines: [{ lineNumber: 1, quantity: 3, disposition: 'RESTOCK' }],
    });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({
      type: `${PROBLEM}return-quantity-exceeded`,
      lineNumber: 1,
      returnable: 2,
    });
    // The refused return took nothing: both units can still be returned.
    const all = await returns.create({
      storeId,
      orderId: order.orderId,
      lines: [{ lineNumber: 1, quantity: 2, disposition: 'RESTOCK' }],
    });
    expect(all.status).toBe(201);
  });

  it('refunds the last unit once when four registers return it at the same time', async () => {
    const order = await collectedOrder(orders, {
      storeId,
      memberId: members[1],
      lines: [{ sku: skus[3], quantity: 2 }],
    });
    const request = (registerId: string) => ({
      storeId,
      registerId,
      orderId: order.orderId,
      lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' as const }],
    });
    // The first unit goes back alone, so the receipt's lines exist and the race is over the last unit's row.
    expect((await returns.create(request('R0'))).status).toBe(201);
    const answers = await Promise.all(
      ['R1', 'R2', 'R3', 'R4'].map((registerId) => returns.create(request(registerId))),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422, 422, 422]);
    const refused = answers.find((a) => a.status === 422)!;
    expect(refused.body).toMatchObject({ type: `${PROBLEM}return-quantity-exceeded`, returnable: 0 });
    const won = answers.find((a) => a.status === 201)!.body;
    await returns.when(won.returnId, ['erp-credit_memo-posted', 'stock-booked']);
    const creditMemos = [...(await createdErpDocuments(stack.sandbox)).keys()].filter((k) =>
      k.startsWith('credit_memo_'),
    );
    expect(creditMemos.filter((k) => k === `credit_memo_${won.returnId}`)).toHaveLength(1);
  });

  it('takes one return for one Idempotency-Key sent twice', async () => {
    const order = await collectedOrder(orders, { storeId, lines: [{ sku: skus[0], quantity: 1 }] });
    const request = {
      storeId,
      orderId: order.orderId,
      lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' as const }],
    };
    const key = `return-${order.orderId}`;
    const first = await returns.create(request, key);
    const again = await returns.create(request, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.returnId).toBe(first.body.returnId);
    await returns.when(first.body.returnId, ['erp-credit_memo-posted', 'stock-booked']);
    const memos = [...(await createdErpDocuments(stack.sandbox)).entries()].filter(([k]) =>
      k.startsWith('credit_memo_'),
    );
    expect(memos.filter(([k]) => k === `credit_memo_${first.body.returnId}`)).toEqual([
      [`credit_memo_${first.body.returnId}`, 1],
    ]);
    const movements = (await stack.sandbox.calls('oms', 'POST stock-movements')).filter((c) =>
      (c.body as { movementRef: string }).movementRef.startsWith(first.body.returnId),
    );
    expect(movements).toHaveLength(1);
  });

  it('refuses a final-sale item, an unknown or uncollected order, and a receipt named twice, changing nothing', async () => {
    const order = await collectedOrder(orders, { storeId, lines: [{ sku: finalSaleSku, quantity: 1 }] });
    const movementsBefore = (await stack.sandbox.calls('oms', 'POST stock-movements')).length;

    const finalSale = await returns.create({
      storeId,
      orderId: order.orderId,
      lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
    });
    expect(finalSale.status).toBe(422);
    expect(finalSale.body).toMatchObject({ type: `${PROBLEM}item-not-returnable`, skus: [finalSaleSku] });

    const unknown = await returns.create({
      storeId,
      orderId: 'po_doesNotExist0000',
      lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.type).toBe(`${PROBLEM}unknown-purchase-receipt`);

    const placed = await orders.place({ storeId, lines: [{ sku: skus[1], quantity: 1 }] });
    const uncollected = await returns.create({
      storeId,
      orderId: placed.body.orderId,
      lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
    });
    expect(uncollected.status).toBe(422);
    expect(uncollected.body.type).toBe(`${PROBLEM}unknown-purchase-receipt`);

    const unknownLine = await returns.create({
      storeId,
      orderId: order.orderId,
      lines: [{ lineNumber: 2, quantity: 1, disposition: 'RESTOCK' }],
    });
    expect(unknownLine.body.type).toBe(`${PROBLEM}unknown-receipt-line`);

    const both = await returns.create({
      storeId,
      orderId: order.orderId,
      saleKey: `${storeId}:R1:1`,
      lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
    });
    expect(both.status).toBe(422);
    expect(both.body.type).toBe(`${PROBLEM}return-receipt-reference-invalid`);

    expect((await stack.sandbox.calls('oms', 'POST stock-movements')).length).toBe(movementsBefore);
  });

  it('holds an authorised return (RMA) in REQUESTED until its store receives it; a cancelled one gives its units back', async () => {
    const [order, other] = await Promise.all([
      collectedOrder(orders, {
        storeId,
        memberId: members[6],
        lines: [{ sku: skus[0], quantity: 1 }],
        redeemPoints: 100,
      }),
      collectedOrder(orders, { storeId, lines: [{ sku: skus[1], quantity: 1 }] }),
    ]);
    const line = [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' as const }];
    const rma = await returns.create({ storeId, orderId: order.orderId, mode: 'RMA', lines: line });
    expect(rma.status).toBe(201);
    expect(rma.body).toMatchObject({ state: 'REQUESTED', mode: 'RMA', postings: [] });
    expect(rma.body.timeline.map((e) => e.step)).toEqual(['requested']);
    // Its unit is spoken for: a counter return of it is refused.
    expect((await returns.create({ storeId, orderId: order.orderId, lines: line })).body.type).toBe(
      `${PROBLEM}return-quantity-exceeded`,
    );

    const elsewhere = await returns.act(rma.body.returnId, 'receive', otherStoreId);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.type).toBe(`${PROBLEM}return-of-another-store`);
    expect((await returns.get(rma.body.returnId)).body.state).toBe('REQUESTED');
    expect(await stockMovementsBooked(stack.sandbox, `${rma.body.returnId}-return_to_stock`)).toBe(0);

    const received = await returns.act(rma.body.returnId, 'receive', storeId);
    expect(received.status).toBe(200);
    expect(received.body.state).toBe('REFUNDED');
    await returns.when(rma.body.returnId, EFFECTS);
    const twice = await returns.act(rma.body.returnId, 'receive', storeId);
    expect(twice.status).toBe(409);
    expect(twice.body.type).toBe(`${PROBLEM}illegal-return-transition`);

    const cancelled = await returns.create({ storeId, orderId: other.orderId, mode: 'RMA', lines: line });
    expect((await returns.act(cancelled.body.returnId, 'cancel', storeId)).body.state).toBe('CANCELLED');
    expect((await returns.act(cancelled.body.returnId, 'cancel', storeId)).status).toBe(409);
    // Cancelled, nothing was booked or posted, and the unit can be returned again.
    const view = (await returns.get(cancelled.body.returnId)).body;
    expect(view.postings).toEqual([]);
    expect(view.timeline.map((e) => e.step)).toEqual(['requested', 'cancelled']);
    expect((await returns.create({ storeId, orderId: other.orderId, lines: line })).status).toBe(201);
  });

  it('answers the refund at once while the ERP is down, and posts the credit memo once it is back', async () => {
    const order = await collectedOrder(orders, { storeId, lines: [{ sku: skus[1], quantity: 1 }] });
    await stack.sandbox.setFaults('erp', { outage: true });
    try {
      const started = Date.now();
      const taken = await returns.create({
        storeId,
        orderId: order.orderId,
        lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
      });
      expect(taken.status).toBe(201);
      expect(taken.body.state).toBe('REFUNDED');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(taken.body.postings).toEqual([
        {
          postingId: `credit_memo_${taken.body.returnId}`,
          kind: 'CREDIT_MEMO',
          status: 'pending',
          erpDocumentId: null,
        },
      ]);
      // The ERP refuses while down: the posting is tried and stays pending.
      await until(
        'a refused credit memo attempt',
        async () =>
          (await stack.sandbox.calls('erp', 'POST A_RetailDocument')).some(
            (c) =>
              c.status >= 500 &&
              (c.body as { ExternalReference?: string }).ExternalReference ===
                `credit_memo_${taken.body.returnId}`,
          ) || undefined,
      );
      expect((await returns.get(taken.body.returnId)).body.postings[0].status).toBe('pending');
      await stack.sandbox.setFaults('erp', { outage: false });
      const posted = await returns.when(taken.body.returnId, ['erp-credit_memo-posted'], 60_000);
      expect(posted.postings).toEqual([
        expect.objectContaining({ status: 'posted', erpDocumentId: expect.stringMatching(/^90\d{8}$/) }),
      ]);
      expect((await createdErpDocuments(stack.sandbox)).get(`credit_memo_${taken.body.returnId}`)).toBe(1);
    } finally {
      await stack.sandbox.setFaults('erp', { outage: false });
    }
  });

  it('completes every return after process-orders is killed between its steps, nothing booked twice', async () => {
    const orderList = await Promise.all(
      members.slice(2, 6).map((memberId, i) =>
        collectedOrder(orders, {
          storeId,
          memberId,
          lines: [{ sku: skus[i], quantity: 1 }],
          redeemPoints: 100,
        }),
      ),
    );
    // A slow loyalty platform holds the points step in flight after the stock is booked.
    await stack.sandbox.setFaults('loyalty', { latencyMs: 4_000 });
    const taken = await Promise.all(
      orderList.map((o) =>
        returns.create({
          storeId,
          orderId: o.orderId,
          lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
        }),
      ),
    );
    expect(taken.map((t) => t.status)).toEqual([201, 201, 201, 201]);
    const ids = taken.map((t) => t.body.returnId);
    await until(
      'stock booked for every return',
      async () => {
        const views = await Promise.all(ids.map(async (id) => (await returns.get(id)).body));
        return views.every((v) => v.timeline.some((e) => e.step === 'stock-booked')) ? views : undefined;
      },
      30_000,
      100,
    );
    const before = await Promise.all(ids.map(async (id) => (await returns.get(id)).body));
    // The kill lands between the steps: stock booked, points not yet.
    expect(before.filter((v) => v.timeline.some((e) => e.step === 'points-refunded'))).toHaveLength(0);

    await restartOrders(stack, 'SIGKILL');
    await stack.sandbox.setFaults('loyalty', { latencyMs: 0 });
    const done = await Promise.all(ids.map((id) => returns.when(id, EFFECTS, 90_000)));
    const created = await createdErpDocuments(stack.sandbox);
    for (const ret of done) {
      expect(ret.state).toBe('REFUNDED');
      for (const step of EFFECTS) expect(ret.timeline.filter((e) => e.step === step)).toHaveLength(1);
      expect(created.get(`credit_memo_${ret.returnId}`)).toBe(1);
      expect(
        await loyaltyBookings(
          stack.sandbox,
          'POST members/{memberNumber}/accruals',
          `points-refund-${ret.returnId}`,
        ),
      ).toBe(1);
      expect(
        await loyaltyBookings(
          stack.sandbox,
          'POST accruals/{accrualReference}/reversals',
          `accrual-reversal-${ret.returnId}`,
        ),
      ).toBe(1);
      expect(await stockMovementsBooked(stack.sandbox, `${ret.returnId}-return_to_stock`)).toBe(1);
    }
  });

  it('refuses a purchase outside its channel window, and at another store when returns are taken at the original store only', async () => {
    const order = await collectedOrder(orders, { storeId, lines: [{ sku: skus[2], quantity: 1 }] });
    const request = {
      storeId: otherStoreId,
      orderId: order.orderId,
      lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' as const }],
    };

    // A window of 0 s: anything collected before now is outside it, no clock to wait for.
    await restartOrders(stack, 'SIGTERM', { RETURN_WINDOW_PICKUP_ORDER_S: '0' });
    const late = await returns.create(request);
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({
      type: `${PROBLEM}return-window-closed`,
      returnableUntil: expect.any(String),
    });

    await restartOrders(stack, 'SIGTERM', { RETURN_STORE_POLICY: 'ORIGINAL_STORE' });
    const elsewhere = await returns.create(request);
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body).toMatchObject({ type: `${PROBLEM}return-at-original-store-only`, storeId });
    // Refused twice, the unit is still there to return at its own store.
    const atHome = await returns.create({ ...request, storeId });
    expect(atHome.status).toBe(201);
  });
});
