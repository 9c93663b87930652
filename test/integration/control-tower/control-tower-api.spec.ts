import { type AppProcess, startApp } from '../../support/app-process';
import { OrdersClient, type OrdersStack, skusAt, startOrdersStack, stopOrdersStack } from '../../support/orders-stack';
import { ACCEPTED_CALLERS, CALLER_KEYS, TOWER_KEYS } from '../../support/stack';

const PROBLEMS = 'https://omnigate.dev/problems/';
const UNKNOWN_LETTER = '00000000-0000-0000-0000-000000000000';

/** The control tower's API over a real stack: who may look, who may mend, and the audit of what they did. */
describe('the control tower API', () => {
  let stack: OrdersStack;
  let orders: OrdersClient;
  let tower: AppProcess;

  beforeAll(async () => {
    stack = await startOrdersStack({ database: 'pglite' });
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
  });
  afterAll(async () => {
    await tower?.stop();
    await stopOrdersStack(stack);
  });

  async function call(key: string | undefined, method: string, path: string) {
    const response = await fetch(`${tower.url}${path}`, {
      method,
      headers: { ...(key && { 'x-control-tower-key': key }), ...(method === 'POST' && { 'content-type': 'application/json' }) },
      ...(method === 'POST' && { body: '{}' }),
    });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, body: text.startsWith('{') ? JSON.parse(text) : text };
  }

  const audit = async () => (await call(TOWER_KEYS.viewer, 'GET', '/api/operator-actions')).body.actions as { actor: string; action: string; target: string; outcome: string; detail: Record<string, unknown> }[];

  it('refuses requests without a control tower key, or with a key of another kind', async () => {
    for (const key of [undefined, 'og_tower_operator_not-a-real-key', CALLER_KEYS.operator]) {
      const refused = await call(key, 'GET', '/api/queues');
      expect({ status: refused.status, problem: refused.contentType.includes('application/problem+json') }).toEqual({ status: 401, problem: true });
    }
    expect((await call(TOWER_KEYS.viewer, 'GET', '/api/session')).body).toEqual({ person: 'viewer', role: 'viewer' });
    expect((await call(TOWER_KEYS.operator, 'GET', '/api/session')).body).toEqual({ person: 'operator', role: 'operator' });
  });

  it('answers a viewer that tries to mend 403, and records nothing', async () => {
    const before = await audit();
    const refused = await call(TOWER_KEYS.viewer, 'POST', `/api/dead-letters/erp-postings/${UNKNOWN_LETTER}/replay`);
    expect(refused.status).toBe(403);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.type).toBe(`${PROBLEMS}operator-role-required`);
    expect(await audit()).toEqual(before);
  });

  it("shows process-orders' refusal of an operator's replay as it was given, and audits it as refused", async () => {
    const refused = await call(TOWER_KEYS.operator, 'POST', `/api/dead-letters/erp-postings/${UNKNOWN_LETTER}/replay`);
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
    const unknownQueue = await call(TOWER_KEYS.operator, 'POST', '/api/dead-letters/pickup-order.teleport/replay-all');
    expect(unknownQueue.body.type).toBe(`${PROBLEMS}unknown-queue`);
  });

  it('keeps the audit writable by the control tower only', async () => {
    const before = await audit();
    const entry = { actor: 'mallory', action: 'replay-dead-letter', target: 'erp-postings/x', outcome: 'done' };
    for (const caller of ['operator', 'experience-storefront', 'experience-pos', 'process-orders'] as const) {
      const refused = await orders.call(caller, 'POST', '/v1/ops/operator-actions', entry);
      expect({ caller, status: refused.status }).toEqual({ caller, status: 403 });
    }
    const invalid = await orders.call('control-tower', 'POST', '/v1/ops/operator-actions', { ...entry, action: 'drop-database' });
    expect(invalid.status).toBe(400);
    expect(await audit()).toEqual(before);
  });

  it('validates flow searches, and lists the client apps without keys or digests', async () => {
    expect((await call(TOWER_KEYS.viewer, 'GET', '/api/flows?stuckForMin=-1')).status).toBe(400);
    expect((await call(TOWER_KEYS.viewer, 'GET', '/api/flows?key=%27%3B%20DROP')).status).toBe(400);
    expect((await call(TOWER_KEYS.viewer, 'GET', '/api/flows/pickup-order/po_nope')).body.type).toBe(`${PROBLEMS}flow-not-found`);
    const health = await call(TOWER_KEYS.viewer, 'GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body.apps.map((a: { app: string }) => a.app)).toEqual(['system-erp', 'system-pos', 'system-loyalty', 'system-oms', 'process-orders']);
    expect(health.body.clientApps.length).toBeGreaterThan(0);
    expect(health.body.clientApps[0].keys[0]).toEqual({ keyId: expect.any(String), status: expect.stringMatching(/^(active|revoked)$/) });
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
    const { queues } = (await call(TOWER_KEYS.viewer, 'GET', '/api/queues')).body as { queues: { queue: string }[] };
    expect(queues.find((q) => q.queue === 'pickup-order.expire')).toMatchObject({ depth: 0, oldestAgeS: null, scheduled: 1, deadLetters: 0 });
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
      const health = await fetch(`${blind.url}/api/health`, { headers: { 'x-control-tower-key': TOWER_KEYS.viewer } });
      expect(health.status).toBe(200);
      const body = (await health.json()) as { apps: { app: string; ready: boolean }[]; clientApps: unknown[]; registryError: string };
      expect(body.clientApps).toEqual([]);
      expect(body.registryError).toContain('/nonexistent/client-apps.json');
      expect(body.apps.find((a) => a.app === 'system-erp')?.ready).toBe(true);
    } finally {
      await blind.stop();
    }
  });
});
