import { type AppProcess, startApp } from '../../support/app-process';
import {
  createdErpDocuments,
  levelOf,
  membersWith,
  OrdersClient,
  type OrdersStack,
  orderWhen,
  pointsOf,
  skusAt,
  stepsOf,
  startOrdersStack,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';
import { ReturnsClient, acceptedSale, collectedOrder, finalSaleSkus } from '../../support/returns';
import {
  ACCEPTED_CALLERS,
  CALLER_KEYS,
  TOWER_KEYS,
  callerHeaders,
  scraperHeaders,
} from '../../support/stack';

const PROBLEMS = 'https://omnigate.dev/problems/';
const UNKNOWN_LETTER = '00000000-0000-0000-0000-000000000000';

/** The control tower's API over a real stack: who may look, who may mend, and the audit of what they did. */
describe('the control tower API', () => {
  let stack: OrdersStack;
  let orders: OrdersClient;
  let tower: AppProcess;

  beforeAll(async () => {
    // system-erp's breakers probe again 1 s after opening, so a test that opens one can see it close again.
    stack = await startOrdersStack({ database: 'pglite', systems: { erp: { BREAKER_RESET_MS: '1000' } } });
    orders = new OrdersClient(stack);
    tower = await startApp('control-tower', {
      LOG_LEVEL: 'warn',
      INTERNAL_SERVICE_KEY: CALLER_KEYS['control-tower'],
      INTERNAL_CALLER_KEY_DIGESTS: ACCEPTED_CALLERS,
      PROCESS_ORDERS_URL: stack.orders.url,
      SYSTEM_ERP_URL: stack.systems.erp.url,
      SYSTEM_POS_URL: stack.systems.pos.url,
      SYSTEM_LOYALTY_URL: stack.systems.loyalty.url,
      SYSTEM_OMS_URL: stack.systems.oms.url,
      ...TOWER_KEYS.settings,
    });
    // Six apps start here (process-orders on PGlite); on a loaded machine that takes longer than one test's timeout.
  }, 300_000);
  afterAll(async () => {
    await tower?.stop();
    await stopOrdersStack(stack);
  });

  async function call(key: string | undefined, method: string, path: string, body: object = {}) {
    const response = await fetch(`${tower.url}${path}`, {
      method,
      headers: {
        ...(key && { 'x-control-tower-key': key }),
        ...(method === 'POST' && { 'content-type': 'application/json' }),
      },
      ...(method === 'POST' && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text,
      body: text.startsWith('{') ? JSON.parse(text) : text,
    };
  }

  const audit = async () =>
    (await call(TOWER_KEYS.viewer, 'GET', '/api/operator-actions')).body.actions as {
      at: string;
      actor: string;
      action: string;
      target: string;
      outcome: string;
      detail: Record<string, unknown>;
    }[];

  it('refuses requests without a control tower key, or with a key of another kind', async () => {
    for (const key of [undefined, 'og_tower_operator_not-a-real-key', CALLER_KEYS.operator]) {
      const refused = await call(key, 'GET', '/api/queues');
      expect({
        status: refused.status,
        problem: refused.contentType.includes('application/problem+json'),
      }).toEqual({ status: 401, problem: true });
    }
    expect((await call(TOWER_KEYS.viewer, 'GET', '/api/session')).body).toEqual({
      person: 'viewer',
      role: 'viewer',
    });
    expect((await call(TOWER_KEYS.operator, 'GET', '/api/session')).body).toEqual({
      person: 'operator',
      role: 'operator',
    });
  });

  it('answers a viewer that tries to mend 403, and records nothing', async () => {
    const before = await audit();
    const refused = await call(
      TOWER_KEYS.viewer,
      'POST',
      `/api/dead-letters/erp-postings/${UNKNOWN_LETTER}/replay`,
    );
    expect(refused.status).toBe(403);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.type).toBe(`${PROBLEMS}operator-role-required`);
    expect(await audit()).toEqual(before);
  });

  it("shows process-orders' refusal of an operator's replay as it was given, and audits it as refused", async () => {
    const refused = await call(
      TOWER_KEYS.operator,
      'POST',
      `/api/dead-letters/erp-postings/${UNKNOWN_LETTER}/replay`,
    );
    expect(refused.status).toBe(404);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.type).toBe(`${PROBLEMS}dead-letter-not-found`);
    const [latest] = await audit();
    expect(latest).toMatchObject({
      actor: 'operator',
      action: 'replay-dead-letter',
      target: `erp-postings/${UNKNOWN_LETTER}`,
      outcome: 'refused',
      detail: { status: 404, type: `${PROBLEMS}dead-letter-not-found` },
    });
    const unknownQueue = await call(
      TOWER_KEYS.operator,
      'POST',
      '/api/dead-letters/pickup-order.teleport/replay-all',
    );
    expect(unknownQueue.body.type).toBe(`${PROBLEMS}unknown-queue`);
  });

  it('keeps the audit writable by the control tower only', async () => {
    const before = await audit();
    const entry = {
      actor: 'mallory',
      action: 'replay-dead-letter',
      target: 'erp-postings/x',
      outcome: 'done',
    };
    for (const caller of ['operator', 'experience-storefront', 'experience-pos', 'process-orders'] as const) {
      const refused = await orders.call(caller, 'POST', '/v1/ops/operator-actions', entry);
      expect({ caller, status: refused.status }).toEqual({ caller, status: 403 });
    }
    const invalid = await orders.call('control-tower', 'POST', '/v1/ops/operator-actions', {
      ...entry,
      action: 'drop-database',
    });
    expect(invalid.status).toBe(400);
    expect(await audit()).toEqual(before);
  });

  it('lets an operator pause and resume a queue, each audited with who, what and when; a viewer neither', async () => {
    const queue = 'pickup-order.release-holds';
    const pauseOf = async () =>
      (
        (await call(TOWER_KEYS.viewer, 'GET', '/api/queues')).body.queues as {
          queue: string;
          paused: { by: string; reason: string; since: string } | null;
        }[]
      ).find((q) => q.queue === queue)!.paused;
    const before = await audit();
    for (const path of [`/api/queues/${queue}/pause`, `/api/queues/${queue}/resume`]) {
      const refused = await call(TOWER_KEYS.viewer, 'POST', path, { reason: 'curious' });
      expect(refused.status).toBe(403);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body.type).toBe(`${PROBLEMS}operator-role-required`);
    }
    expect(await audit()).toEqual(before);
    expect(await pauseOf()).toBeNull();

    const pausedFrom = Date.now();
    const paused = await call(TOWER_KEYS.operator, 'POST', `/api/queues/${queue}/pause`, {
      reason: 'OMS maintenance until 06:00',
    });
    expect(paused.status).toBe(200);
    expect(paused.body).toEqual({
      queue,
      paused: { by: 'operator', reason: 'OMS maintenance until 06:00', since: expect.any(String) },
    });
    expect(await pauseOf()).toEqual(paused.body.paused);
    const [pauseEntry] = await audit();
    expect(pauseEntry).toMatchObject({
      actor: 'operator',
      action: 'pause-queue',
      target: queue,
      outcome: 'done',
      detail: { reason: 'OMS maintenance until 06:00' },
    });
    expect(Math.abs(new Date(pauseEntry.at).getTime() - pausedFrom)).toBeLessThan(10_000);
    // Prometheus sees how long it has been paused (the alert rules page after hours), and the others run.
    const scraped = await (await fetch(`${tower.url}/metrics`, { headers: scraperHeaders() })).text();
    const pausedFor = (name: string) =>
      Number(
        scraped.match(
          new RegExp(`^omnigate_ops_queue_paused_seconds\\{queue="${name}"\\} (\\S+)$`, 'm'),
        )?.[1],
      );
    expect(pausedFor(queue)).toBeGreaterThan(0);
    expect(pausedFor(queue)).toBeLessThan((Date.now() - pausedFrom) / 1000 + 1);
    expect(pausedFor('erp-postings')).toBe(0);

    const resumed = await call(TOWER_KEYS.operator, 'POST', `/api/queues/${queue}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ queue, paused: null, resumed: { by: 'operator' } });
    expect(await pauseOf()).toBeNull();
    expect((await audit())[0]).toMatchObject({
      actor: 'operator',
      action: 'resume-queue',
      target: queue,
      outcome: 'done',
      detail: { lifted: { by: 'operator', reason: 'OMS maintenance until 06:00' } },
    });

    // process-orders' refusal is relayed as given, and audited as refused; a pause without a reason never leaves the tower.
    const unknown = await call(TOWER_KEYS.operator, 'POST', '/api/queues/pickup-order.teleport/pause', {
      reason: 'x',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toContain('application/problem+json');
    expect(unknown.body.type).toBe(`${PROBLEMS}unknown-queue`);
    expect((await audit())[0]).toMatchObject({
      action: 'pause-queue',
      target: 'pickup-order.teleport',
      outcome: 'refused',
      detail: { status: 404, type: `${PROBLEMS}unknown-queue` },
    });
    const audited = await audit();
    expect((await call(TOWER_KEYS.operator, 'POST', `/api/queues/${queue}/pause`)).status).toBe(400);
    expect(await audit()).toEqual(audited);
    expect(await pauseOf()).toBeNull();
  });

  it('validates flow searches, and lists the client apps without keys or digests', async () => {
    expect((await call(TOWER_KEYS.viewer, 'GET', '/api/flows?stuckForMin=-1')).status).toBe(400);
    expect((await call(TOWER_KEYS.viewer, 'GET', '/api/flows?key=%27%3B%20DROP')).status).toBe(400);
    expect((await call(TOWER_KEYS.viewer, 'GET', '/api/flows/pickup-order/po_nope')).body.type).toBe(
      `${PROBLEMS}flow-not-found`,
    );
    const health = await call(TOWER_KEYS.viewer, 'GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body.apps.map((a: { app: string }) => a.app)).toEqual([
      'system-erp',
      'system-pos',
      'system-loyalty',
      'system-oms',
      'process-orders',
    ]);
    expect(health.body.clientApps.length).toBeGreaterThan(0);
    expect(health.body.clientApps[0].keys[0]).toEqual({
      keyId: expect.any(String),
      status: expect.stringMatching(/^(active|revoked)$/),
    });
    expect(health.text).not.toMatch(/sha256|og_dev_|[0-9a-f]{64}/);
  });

  it('serves its page and assets, and nothing else from disk', async () => {
    const page = await call(undefined, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.contentType).toContain('text/html');
    expect(page.text).toContain('<script src="/assets/app.js"');
    expect((await call(undefined, 'GET', '/assets/app.js')).contentType).toContain('javascript');
    expect((await call(undefined, 'GET', '/assets/..%2Fsrc%2Fmain.js')).status).toBe(400);
  });

  it('counts a pickup window timeout as scheduled, not as a backlog', async () => {
    const storeId = (await stack.sandbox.seed()).stores[22].storeId;
    const [sku] = await skusAt(stack.sandbox, storeId, 1, (l) => l.onHand >= 2);
    expect((await orders.place({ storeId, lines: [{ sku, quantity: 1 }] })).status).toBe(201);
    const { queues } = (await call(TOWER_KEYS.viewer, 'GET', '/api/queues')).body as {
      queues: { queue: string }[];
    };
    expect(queues.find((q) => q.queue === 'pickup-order.expire')).toMatchObject({
      depth: 0,
      oldestAgeS: null,
      scheduled: 1,
      deadLetters: 0,
    });
  });

  it('still reports health when the client-app registry cannot be read, and says so', async () => {
    const blind = await startApp('control-tower', {
      LOG_LEVEL: 'silent',
      INTERNAL_SERVICE_KEY: CALLER_KEYS['control-tower'],
      PROCESS_ORDERS_URL: stack.orders.url,
      SYSTEM_ERP_URL: stack.systems.erp.url,
      CLIENT_APP_REGISTRY_FILE: '/nonexistent/client-apps.json',
      ...TOWER_KEYS.settings,
    });
    try {
      const health = await fetch(`${blind.url}/api/health`, {
        headers: { 'x-control-tower-key': TOWER_KEYS.viewer },
      });
      expect(health.status).toBe(200);
      const body = (await health.json()) as {
        apps: { app: string; ready: boolean }[];
        clientApps: unknown[];
        registryError: string;
      };
      expect(body.clientApps).toEqual([]);
      expect(body.registryError).toContain('/nonexistent/client-apps.json');
      expect(body.apps.find((a) => a.app === 'system-erp')?.ready).toBe(true);
    } finally {
      await blind.stop();
    }
  });

  it("lets an operator release a stuck order's stock and points, audited; a viewer and a second release change nothing", async () => {
    const storeId = (await stack.sandbox.seed()).stores[23].storeId;
    const [sku] = await skusAt(stack.sandbox, storeId, 1, (l) => l.onHand >= 2);
    const [memberId] = await membersWith(stack.sandbox, (m) => m.status === 'ACTIVE' && m.points >= 500);
    const stock = await levelOf(stack.sandbox, storeId, sku);
    const points = await pointsOf(stack.sandbox, memberId);
    const placed = await orders.place({
      storeId,
      memberId,
      lines: [{ sku, quantity: 1 }],
      redeemPoints: 100,
    });
    expect(placed.status).toBe(201);
    const orderId = placed.body.orderId;
    const release = (key: string, body: object) =>
      call(key, 'POST', `/api/flows/pickup-order/${orderId}/release`, body);
    const reason = { reason: 'OMS refuses the order; customer told by the store' };

    const flow = (await call(TOWER_KEYS.viewer, 'GET', `/api/flows/pickup-order/${orderId}`)).body;
    expect({ state: flow.state, releasable: flow.releasable }).toEqual({
      state: 'RESERVED',
      releasable: true,
    });
    const before = await audit();
    const byViewer = await release(TOWER_KEYS.viewer, reason);
    expect({ status: byViewer.status, type: byViewer.body.type }).toEqual({
      status: 403,
      type: `${PROBLEMS}operator-role-required`,
    });
    expect((await release(TOWER_KEYS.operator, {})).status).toBe(400);
    expect((await release(TOWER_KEYS.operator, { reason: 'x'.repeat(201) })).status).toBe(400);
    expect(await audit()).toEqual(before);
    expect((await orders.get(orderId)).body.state).toBe('RESERVED');

    const released = await release(TOWER_KEYS.operator, reason);
    expect({ status: released.status, body: released.body }).toEqual({
      status: 200,
      body: { workflow: 'pickup-order', flowId: orderId, state: 'CANCELLED' },
    });
    const ended = await orderWhen(orders, orderId, 'holds released', (o) =>
      stepsOf(o).includes('holds-released'),
    );
    expect(ended.timeline.find((e) => e.step === 'released-by-operator')?.detail).toEqual({
      actor: 'operator',
      reason: reason.reason,
    });
    expect(await levelOf(stack.sandbox, storeId, sku)).toEqual(stock);
    expect(await pointsOf(stack.sandbox, memberId)).toBe(points);

    const again = await release(TOWER_KEYS.operator, reason);
    expect({ status: again.status, type: again.body.type, state: again.body.currentState }).toEqual({
      status: 409,
      type: `${PROBLEMS}illegal-pickup-order-transition`,
      state: 'CANCELLED',
    });
    const [refusal, done] = await audit();
    expect(
      [done, refusal].map(({ actor, action, target, outcome }) => ({ actor, action, target, outcome })),
    ).toEqual([
      { actor: 'operator', action: 'release-flow', target: `pickup-order/${orderId}`, outcome: 'done' },
      { actor: 'operator', action: 'release-flow', target: `pickup-order/${orderId}`, outcome: 'refused' },
    ]);
    expect((await call(TOWER_KEYS.viewer, 'GET', `/api/flows/pickup-order/${orderId}`)).body.releasable).toBe(
      false,
    );
  });

  it('refuses to release a flow of a workflow that holds nothing, or of none at all', async () => {
    const holdsNothing = await call(TOWER_KEYS.operator, 'POST', '/api/flows/store-sale/ss_nope/release', {
      reason: 'trying',
    });
    expect({ status: holdsNothing.status, type: holdsNothing.body.type }).toEqual({
      status: 409,
      type: `${PROBLEMS}flow-holds-nothing`,
    });
    const unknown = await call(TOWER_KEYS.operator, 'POST', '/api/flows/gift-card/gc_1/release', {
      reason: 'trying',
    });
    expect({ status: unknown.status, type: unknown.body.type }).toEqual({
      status: 404,
      type: `${PROBLEMS}unknown-workflow`,
    });
  });

  it("reports system-erp's open breaker with the failures that opened it and when it changed", async () => {
    const storeId = (await stack.sandbox.seed()).stores[24].storeId;
    const operation = "read a store's retail documents";
    // Reconciliation's read of the ERP: never cached, so every read reaches the ERP's breaker.
    const readDocuments = () =>
      fetch(
        `${stack.systems.erp.url}/v1/stores/${storeId}/erp-documents?documentDate=${new Date().toISOString().slice(0, 10)}`,
        { headers: callerHeaders('process-orders') },
      );
    const breakerOf = async () => {
      const { apps } = (await call(TOWER_KEYS.viewer, 'GET', '/api/health')).body as {
        apps: {
          app: string;
          breakers: {
            operation: string;
            state: string;
            calls: number;
            failures: number;
            changedAt: string | null;
          }[];
        }[];
      };
      return apps.find((a) => a.app === 'system-erp')!.breakers.find((b) => b.operation === operation);
    };

    expect((await readDocuments()).status).toBe(200);
    expect(await breakerOf()).toMatchObject({ state: 'closed', failures: 0, changedAt: null });

    const outageFrom = Date.now();
    await stack.sandbox.setFaults('erp', { outage: true });
    try {
      const opened = await until('the breaker of system-erp open, as the tower reports it', async () => {
        expect((await readDocuments()).status).toBeGreaterThanOrEqual(502);
        const breaker = await breakerOf();
        return breaker?.state === 'open' ? breaker : undefined;
      });
      const openSeen = Date.now();
      expect(opened.failures).toBeGreaterThan(0);
      expect(opened.failures).toBeLessThanOrEqual(opened.calls);
      const openedAt = Date.parse(opened.changedAt!);
      expect(openedAt).toBeGreaterThanOrEqual(outageFrom);
      expect(openedAt).toBeLessThanOrEqual(openSeen);
    } finally {
      await stack.sandbox.setFaults('erp', { outage: false });
    }

    // Once the ERP answers, the breaker's probe closes it: a later change, with its own time.
    const closed = await until('the breaker of system-erp closed again', async () => {
      await readDocuments();
      const breaker = await breakerOf();
      return breaker?.state === 'closed' ? breaker : undefined;
    });
    expect(Date.parse(closed.changedAt!)).toBeGreaterThan(outageFrom);
    expect(Date.parse(closed.changedAt!)).toBeLessThanOrEqual(Date.now());
  }, 60_000);

  it("finds a purchase and its returns by the purchase's sale key or order id, a member's flows by member, and a return by its id", async () => {
    const storeId = (await stack.sandbox.seed()).stores[20].storeId;
    const stocked = await skusAt(stack.sandbox, storeId, 30, (l) => l.onHand >= 3);
    const finalSale = await finalSaleSkus(stack.sandbox, storeId, stocked);
    const [sku] = stocked.filter((s) => !finalSale.has(s));
    const [memberId] = (await membersWith(stack.sandbox, (m) => m.status === 'ACTIVE')).slice(-1);
    const returns = new ReturnsClient(orders);
    const occurredAt = new Date(Date.now() - 600_000);
    const sale = {
      storeId,
      registerId: 'R9',
      sequence: 1,
      businessDate: occurredAt.toISOString().slice(0, 10),
      occurredAt: occurredAt.toISOString(),
      currency: 'USD',
      memberId,
      lines: [{ lineNumber: 1, sku, quantity: 1, unitPriceMinor: 1000 }],
      orderDiscountMinor: 0,
      tenders: [{ type: 'CARD', amountMinor: 1000 }],
    };
    const saleId = await acceptedSale(orders, sale);
    const saleKey = `${storeId}:R9:1`;
    const { orderId } = await collectedOrder(orders, { storeId, memberId, lines: [{ sku, quantity: 1 }] });
    const returned = { lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' as const }] };
    const saleReturn = await returns.create({ storeId, saleKey, ...returned });
    const orderReturn = await returns.create({ storeId, orderId, ...returned });
    expect([saleReturn.status, orderReturn.status]).toEqual([201, 201]);

    const search = async (key: string) =>
      (
        (await call(TOWER_KEYS.viewer, 'GET', `/api/flows?key=${encodeURIComponent(key)}`)).body as {
          flows: { workflow: string; flowId: string; keys: Record<string, string> }[];
        }
      ).flows;
    const named = (flows: { workflow: string; flowId: string }[]) =>
      flows.map((f) => `${f.workflow}/${f.flowId}`).sort();

    expect(named(await search(saleKey))).toEqual(
      [`return/${saleReturn.body.returnId}`, `store-sale/${saleId}`].sort(),
    );
    expect(named(await search(orderId))).toEqual(
      [`pickup-order/${orderId}`, `return/${orderReturn.body.returnId}`].sort(),
    );
    const byMember = await search(memberId);
    expect(byMember.filter((f) => f.keys.memberId !== memberId)).toEqual([]);
    expect(named(byMember)).toEqual(
      expect.arrayContaining([
        `store-sale/${saleId}`,
        `pickup-order/${orderId}`,
        `return/${saleReturn.body.returnId}`,
        `return/${orderReturn.body.returnId}`,
      ]),
    );
    expect(named(await search(saleReturn.body.returnId))).toEqual([`return/${saleReturn.body.returnId}`]);
  }, 120_000);

  it("refuses an operator's ERP posting replay while the ERP refuses work, keeps the dead letter, and audits the refusal", async () => {
    const { sandbox } = stack;
    const storeId = (await sandbox.seed()).stores[21].storeId;
    const [sku, other] = await skusAt(sandbox, storeId, 2, (l) => l.onHand >= 3);
    const erpTakesWorkIn = async () =>
      (
        (await call(TOWER_KEYS.viewer, 'GET', '/api/queues')).body as {
          erpPostings: { throttle: { erpUnavailableForMs: number } };
        }
      ).erpPostings.throttle.erpUnavailableForMs;

    // The ERP rejects the order's demand for good: a dead letter.
    await sandbox.setFaults('erp', { refuseDocuments: 1 });
    const rejected = (await orders.place({ storeId, lines: [{ sku, quantity: 1 }] })).body.orderId as string;
    const postingId = `demand_${rejected}`;
    const letter = await until('the rejected demand dead-lettered', async () =>
      (await orders.deadLetters('erp-postings')).find((l) => l.payload.postingId === postingId),
    );

    // The ERP goes into maintenance and a posting meets it: process-orders knows the ERP refuses work.
    await sandbox.setFaults('erp', { maintenance: true, maintenanceRetryAfterS: 5 });
    try {
      expect((await orders.place({ storeId, lines: [{ sku: other, quantity: 1 }] })).status).toBe(201);
      // Well inside the refusal's window, not at its end, where one probe briefly finds the state clear.
      await until('the ERP known to refuse work for a while yet', async () =>
        (await erpTakesWorkIn()) >= 2_000 ? true : undefined,
      );
      const refused = await call(
        TOWER_KEYS.operator,
        'POST',
        `/api/dead-letters/erp-postings/${letter.id}/replay`,
      );
      expect(refused.status).toBe(409);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body).toMatchObject({
        type: `${PROBLEMS}erp-breaker-open`,
        retryAfterS: expect.any(Number),
      });
      expect(refused.body.retryAfterS).toBeGreaterThanOrEqual(1);
      // A refused replay was still an operator's action: audited, as refused, with process-orders' answer.
      expect((await audit())[0]).toMatchObject({
        actor: 'operator',
        action: 'replay-dead-letter',
        target: `erp-postings/${letter.id}`,
        outcome: 'refused',
        detail: { status: 409, type: `${PROBLEMS}erp-breaker-open` },
      });
      expect((await orders.deadLetters('erp-postings')).map((l) => l.id)).toContain(letter.id);
      expect((await createdErpDocuments(sandbox)).has(postingId)).toBe(false);
    } finally {
      await sandbox.setFaults('erp', { maintenance: false });
    }

    // The ERP takes work again: the same replay through the tower goes through, and the demand lands once.
    await until('the ERP known to take work again', async () =>
      (await erpTakesWorkIn()) === 0 ? true : undefined,
    );
    const replayed = await call(
      TOWER_KEYS.operator,
      'POST',
      `/api/dead-letters/erp-postings/${letter.id}/replay`,
    );
    expect({ status: replayed.status, replayed: replayed.body.replayed }).toEqual({
      status: 202,
      replayed: letter.id,
    });
    expect((await audit())[0]).toMatchObject({
      action: 'replay-dead-letter',
      target: `erp-postings/${letter.id}`,
      outcome: 'done',
    });
    await orderWhen(orders, rejected, 'the replayed demand posted', (o) =>
      o.postings.some((p) => p.postingId === postingId && p.status === 'posted'),
    );
    expect((await createdErpDocuments(sandbox)).get(postingId)).toBe(1);
  }, 120_000);
});
