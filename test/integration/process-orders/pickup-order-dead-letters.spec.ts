import {
  ORDERS_DATABASES,
  OrdersClient,
  type OrdersStack,
  createdErpDocuments,
  erpDocumentsListed,
  orderWhen,
  skusAt,
  startOrdersStack,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';

describe.each(ORDERS_DATABASES)('an ERP posting the ERP rejects (%s)', (database) => {
  let stack: OrdersStack;
  let orders: OrdersClient;

  beforeAll(async () => {
    stack = await startOrdersStack({
      database,
      orders: { ERP_POSTING_MAX_RETRY_DELAY_S: '1' },
    });
    orders = new OrdersClient(stack);
  });
  afterAll(() => stopOrdersStack(stack));

  it('lists the dead letters of every queue of the registered workflows, and refuses a queue none of them has', async () => {
    for (const queue of [
      'erp-postings',
      'pickup-order.create-in-oms',
      'pickup-order.release-holds',
      'pickup-order.recover-placement',
    ]) {
      const answer = await orders.call('operator', 'GET', `/v1/ops/dead-letters?queue=${queue}`);
      expect([queue, answer.status, Array.isArray(answer.body.deadLetters)]).toEqual([queue, 200, true]);
    }
    const unknown = await orders.call('operator', 'GET', '/v1/ops/dead-letters?queue=pickup-order.teleport');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ type: 'https://omnigate.dev/problems/unknown-queue' });
    const replay = await orders.call(
      'operator',
      'POST',
      `/v1/ops/dead-letters/pickup-order.teleport/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}/replay`,
      {},
    );
    expect(replay.status).toBe(400);
  });

  it('waits dead in the ledger with its reason, and lands once when replayed', async () => {
    const { sandbox } = stack;
    const storeId = (await sandbox.seed()).stores[20].storeId;
    const [sku] = await skusAt(sandbox, storeId, 1, (l) => l.onHand >= 2);

    // The ERP rejects the next document as invalid: a refusal no retry can mend.
    await sandbox.setFaults('erp', { refuseDocuments: 1 });
    const placed = await orders.place({ storeId, lines: [{ sku, quantity: 1 }] });
    expect(placed.status).toBe(201);
    const { orderId } = placed.body;
    const postingId = `demand_${orderId}`;

    await until(
      'the posting dead',
      async () => ((await orders.postingBacklog()).dead === 1 ? true : undefined),
      60_000,
    );
    expect(await orders.postingBacklog()).toMatchObject({ pending: 0, dead: 1 });
    const letter = await until('the dead letter listed', async () => {
      const letters = await orders.deadLetters('erp-postings');
      return letters.find((l) => l.payload.postingId === postingId);
    });
    expect(letter.error?.message).toContain('erp-document-rejected');
    const dead = (await orders.get(orderId)).body.postings.find((p) => p.postingId === postingId)!;
    expect(dead).toMatchObject({ status: 'dead', erpDocumentId: null });
    expect((await createdErpDocuments(sandbox)).has(postingId)).toBe(false);

    // The operator mends the master data (the fault is used up) and replays.
    // Only the operator mends: from any other caller the replay is refused and the letter stays dead.
    for (const caller of ['experience-storefront', 'experience-pos', 'process-orders'] as const) {
      const refused = await orders.call(
        caller,
        'POST',
        `/v1/ops/dead-letters/erp-postings/${letter.id}/replay`,
        {},
      );
      expect({ status: refused.status, type: refused.body.type }).toEqual({
        status: 403,
        type: 'https://omnigate.dev/problems/internal-caller-not-allowed',
      });
    }
    expect((await orders.deadLetters('erp-postings')).map((l) => l.id)).toContain(letter.id);
    expect(await orders.postingBacklog()).toMatchObject({ pending: 0, dead: 1 });
    expect((await createdErpDocuments(sandbox)).has(postingId)).toBe(false);

    const replay = await orders.call(
      'operator',
      'POST',
      `/v1/ops/dead-letters/erp-postings/${letter.id}/replay`,
      {},
    );
    expect(replay.status).toBe(202);

    const posted = await orderWhen(orders, orderId, 'demand posted', (o) =>
      o.postings.some((p) => p.postingId === postingId && p.status === 'posted'),
    );
    expect(await orders.postingBacklog()).toMatchObject({ pending: 0, dead: 0, posted: 1 });
    expect((await createdErpDocuments(sandbox)).get(postingId)).toBe(1);
    const [document] = await erpDocumentsListed(sandbox, postingId);
    expect(posted.postings.find((p) => p.postingId === postingId)!.erpDocumentId).toBe(
      document.RetailDocument,
    );
    expect(await orders.deadLetters('erp-postings')).toEqual([]);
  });
});
