import {
  OrdersClient,
  type OrdersStack,
  type PickupOrderBody,
  erpDocumentsListed,
  orderWhen,
  skusAt,
  startOrdersStack,
  stepsOf,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';

// system-erp gives up on the ERP after this long; a late answer comes well after it.
const ERP_TIMEOUT_MS = 1_000;

describe('pickup order postings whose ERP answer is lost after the document was committed (postgres)', () => {
  let stack: OrdersStack;
  let orders: OrdersClient;
  let storeId: string;
  let skus: string[];

  beforeAll(async () => {
    stack = await startOrdersStack({
      database: 'postgres',
      systems: { erp: { BACKEND_TIMEOUT_MS: String(ERP_TIMEOUT_MS) } },
    });
    orders = new OrdersClient(stack);
    storeId = (await stack.sandbox.seed()).stores[9].storeId;
    skus = await skusAt(stack.sandbox, storeId, 2, (l) => l.onHand >= 5);
  });
  afterAll(() => stopOrdersStack(stack));

  /** The ERP's attempts at one posting, in order: status, and whether the caller heard the answer. */
  const attemptsAtTheErp = async (postingId: string) =>
    (await stack.sandbox.calls('erp', 'POST A_RetailDocument'))
      .filter((c) => (c.body as { ExternalReference?: string }).ExternalReference === postingId)
      .map((c) => ({ status: c.status, replyLost: c.replyLost ?? false }));

  /** One document at the ERP; the ledger and the timeline name it; the ERP was asked twice, the second time refusing a duplicate. */
  async function expectPostedOnce(
    order: PickupOrderBody,
    kind: 'DEMAND' | 'SALE',
    step: string,
  ): Promise<void> {
    const postingId = `${kind.toLowerCase()}_${order.orderId}`;
    const documents = await erpDocumentsListed(stack.sandbox, postingId);
    expect(documents).toEqual([expect.objectContaining({ DocumentType: kind })]);
    const [{ RetailDocument: erpDocumentId }] = documents;

    // A late answer is recorded when it finally goes out, after the retry's refusal.
    const attempts = await until(`${postingId}: both ERP answers sent`, async () => {
      const found = await attemptsAtTheErp(postingId);
      return found.length >= 2 ? found : undefined;
    });
    expect(attempts.sort((a, b) => a.status - b.status)).toEqual([
      { status: 201, replyLost: true },
      { status: 400, replyLost: false },
    ]);
    expect(order.postings.filter((p) => p.kind === kind)).toEqual([
      { postingId, kind, status: 'posted', erpDocumentId },
    ]);
    expect(order.timeline.filter((e) => e.step === step)).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ erpDocumentId }) }),
    ]);
  }

  it('posts the DEMAND once when the ERP commits it and the connection drops before the answer', async () => {
    await stack.sandbox.setFaults('erp', { lostReplies: 1, lostReplyMode: 'drop' });
    const placed = await orders.place({ storeId, lines: [{ sku: skus[0], quantity: 1 }] });
    expect(placed.status).toBe(201);

    const order = await orderWhen(orders, placed.body.orderId, 'demand posted', (o) =>
      o.postings.some((p) => p.kind === 'DEMAND' && p.status === 'posted'),
    );
    await expectPostedOnce(order, 'DEMAND', 'erp-demand-posted');
  });

  it('posts the SALE at collection once when the ERP commits it and answers after system-erp gave up', async () => {
    const placed = await orders.place({ storeId, lines: [{ sku: skus[1], quantity: 1 }] });
    expect(placed.status).toBe(201);
    const { orderId } = placed.body;
    await orderWhen(orders, orderId, 'pick list sent and demand posted', (o) =>
      ['pick-list-sent', 'erp-demand-posted'].every((s) => stepsOf(o).includes(s)),
    );
    expect((await orders.ready(orderId, storeId)).status).toBe(200);

    await stack.sandbox.setFaults('erp', {
      lostReplies: 1,
      lostReplyMode: 'late',
      lostReplyDelayMs: ERP_TIMEOUT_MS * 4,
    });
    const collected = await orders.collect(orderId, storeId);
    expect(collected.status).toBe(200);
    expect(collected.body.state).toBe('COLLECTED');

    const order = await orderWhen(orders, orderId, 'sale posted', (o) =>
      o.postings.some((p) => p.kind === 'SALE' && p.status === 'posted'),
    );
    await expectPostedOnce(order, 'SALE', 'erp-sale-posted');
  });
});
