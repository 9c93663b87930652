import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { type AppProcess, startApp } from '../support/app-process';
import {
  OrdersClient,
  type OrdersStack,
  createdErpDocuments,
  orderWhen,
  skusAt,
  startOrdersStack,
  stepsOf,
  stopOrdersStack,
  until,
} from '../support/orders-stack';
import { ACCEPTED_CALLERS, CALLER_KEYS, TOWER_KEYS } from '../support/stack';
import { breakerStates } from '../support/wait-for';

// The README's screenshot is refreshed only on request (UPDATE_SCREENSHOTS=1), so a test run leaves the tree as it was.
const SCREENSHOT =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? join(__dirname, '..', '..', 'docs', 'control-tower.png')
    : join(tmpdir(), 'omnigate-control-tower.png');

/**
 * The platform team in a real browser (Debian's chromium): a flow left waiting, and one whose job keeps
 * failing (with that error), show under "stuck"; a viewer sees the dead letter the test caused but no replay button, and the API refuses
 * them 403; an operator replays it once the ERP is back, the posting lands, and the audit lists it.
 */
describe('the control tower, in a browser', () => {
  let stack: OrdersStack;
  let orders: OrdersClient;
  let tower: AppProcess;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    stack = await startOrdersStack({
      database: 'postgres',
      // Postings die after two attempts; workflow jobs keep retrying, every second, for the whole test.
      orders: {
        ERP_POSTING_MAX_ATTEMPTS: '2',
        ERP_POSTING_MAX_RETRY_DELAY_S: '1',
        JOB_RETRY_LIMIT: '100',
        JOB_MAX_RETRY_DELAY_S: '1',
      },
      systems: { erp: { BREAKER_RESET_MS: '1000' } },
    });
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
    profile = await mkdtemp(join(tmpdir(), 'omnigate-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1440, height: 1000 },
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-gpu',
      ],
    });
  });
  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    await tower?.stop();
    await stopOrdersStack(stack);
  });

  async function signIn(key: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${tower.url}/`);
    await page.locator('#key').fill(key);
    await page.locator('#sign-in button').click();
    await page.locator('#tower').waitFor();
    return page;
  }

  const towerCall = (key: string, method: string, path: string) =>
    fetch(`${tower.url}${path}`, {
      method,
      headers: { 'x-control-tower-key': key, 'content-type': 'application/json' },
      ...(method === 'POST' && { body: '{}' }),
    });

  it('shows stuck flows with their last error, hides replay from viewers, and lets an operator replay a dead posting that then lands', async () => {
    const { sandbox } = stack;
    const storeId = (await sandbox.seed()).stores[21].storeId;
    const [sku] = await skusAt(sandbox, storeId, 1, (l) => l.onHand >= 2);

    // An order the store has readied, whose completion will fail once collected.
    const [readySku] = await skusAt(sandbox, storeId, 1, (l) => l.onHand >= 2 && l.sku !== sku);
    const readied = await orders.place({ storeId, lines: [{ sku: readySku, quantity: 1 }] });
    expect(readied.status).toBe(201);
    const readiedId = readied.body.orderId as string;
    await orderWhen(orders, readiedId, 'pick list sent and demand posted', (o) =>
      ['pick-list-sent', 'erp-demand-posted'].every((s) => stepsOf(o).includes(s)),
    );
    expect((await orders.ready(readiedId, storeId)).status).toBe(200);

    // The ERP rejects the next document for good: the demand posting is dead-lettered at once, and the order waits RESERVED.
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
    const letter = await until('the dead letter listed', async () =>
      (await orders.deadLetters('erp-postings')).find((l) => l.payload.postingId === postingId),
    );

    // Not in a final state and unmoved for more than 0 minutes: listed under "stuck"; not yet under "stuck for 60".
    const operator = await signIn(TOWER_KEYS.operator);
    await operator.locator('#flow-stuck').check();
    await operator.locator('#flow-minutes').fill('0');
    await operator.locator('#flow-search button').click();
    const stuckRow = operator.locator(`#flow-table tr[data-flow-id="${orderId}"]`);
    await stuckRow.waitFor();
    expect(await operator.locator('#sign-in').isVisible()).toBe(false);
    expect(await stuckRow.locator('td').nth(2).textContent()).toBe('RESERVED');
    const stuck = (await (
      await towerCall(TOWER_KEYS.viewer, 'GET', `/api/flows?stuckForMin=0&key=${orderId}`)
    ).json()) as { flows: { flowId: string }[] };
    expect(stuck.flows.map((f) => f.flowId)).toEqual([orderId]);
    const notYet = (await (
      await towerCall(TOWER_KEYS.viewer, 'GET', `/api/flows?stuckForMin=60&key=${orderId}`)
    ).json()) as { flows: unknown[] };
    expect(notYet.flows).toEqual([]);

    // The dead letter with its reason, and the replay button, for the operator.
    const card = operator.locator(`.dead-letter[data-dead-letter-id="${letter.id}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain(letter.error!.message);
    await card.locator('button.replay').waitFor();
    await operator.setViewportSize({ width: 1440, height: 1400 });
    await operator.screenshot({ path: SCREENSHOT, fullPage: true });

    // A viewer sees the same dead letter, but no button; the API refuses the replay and nothing changes.
    const viewer = await signIn(TOWER_KEYS.viewer);
    await viewer.locator(`.dead-letter[data-dead-letter-id="${letter.id}"]`).waitFor();
    expect(await viewer.locator('#role').textContent()).toBe('viewer');
    expect(await viewer.locator('button.replay, button.replay-all').count()).toBe(0);
    for (const path of [
      `/api/dead-letters/erp-postings/${letter.id}/replay`,
      '/api/dead-letters/erp-postings/replay-all',
    ]) {
      const refused = await towerCall(TOWER_KEYS.viewer, 'POST', path);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(await refused.json()).toMatchObject({
        type: 'https://omnigate.dev/problems/operator-role-required',
      });
    }
    expect((await towerCall('not-a-tower-key-at-all', 'GET', '/api/queues')).status).toBe(401);
    expect((await orders.deadLetters('erp-postings')).map((l) => l.id)).toContain(letter.id);
    expect((await createdErpDocuments(sandbox)).has(postingId)).toBe(false);

    // The fault is fixed (the ERP takes documents again); once system-erp's breakers let calls through, the operator replays.
    await sandbox.setFaults('erp', { refuseDocuments: 0 });
    await until('system-erp breakers not open', async () =>
      Object.values(await breakerStates(stack.systems.erp.url, 'erp')).includes('open') ? undefined : true,
    );
    await card.locator('button.replay').click();
    await operator.locator('#action-result', { hasText: `${letter.id}: replayed` }).waitFor();
    const posted = await orderWhen(orders, orderId, 'demand posted', (o) =>
      o.postings.some((p) => p.postingId === postingId && p.status === 'posted'),
    );
    const erpDocumentId = posted.postings.find((p) => p.postingId === postingId)!.erpDocumentId!;
    expect((await createdErpDocuments(sandbox)).get(postingId)).toBe(1);

    // The page sees it land: the letter leaves, the flow's timeline shows the ERP document, the audit lists who did it.
    await operator.locator(`.dead-letter[data-dead-letter-id="${letter.id}"]`).waitFor({ state: 'detached' });
    await stuckRow.click();
    await operator.locator('#flow-detail', { hasText: `ERP document ${erpDocumentId}` }).waitFor();
    await operator.locator('#flow-detail .timeline', { hasText: 'erp-demand-posted' }).waitFor();
    const audit = operator.locator('#audit-table tr.operator-action', {
      hasText: `erp-postings/${letter.id}`,
    });
    await audit.waitFor();
    expect((await audit.textContent())!.replace(/\s+/g, ' ')).toMatch(/operator\s*replay-dead-letter.*done/);
    // The viewer sees the same audit, and never an entry of their own: their refusals never reached process-orders.
    await viewer
      .locator('#audit-table tr.operator-action', { hasText: `erp-postings/${letter.id}` })
      .waitFor();
    expect(await viewer.locator('#audit-table tr.operator-action', { hasText: 'viewer' }).count()).toBe(0);

    // The OMS goes down and the readied order is collected: its completion job keeps failing, so it is stuck, with that error.
    await sandbox.setFaults('oms', { outage: true });
    expect((await orders.collect(readiedId, storeId)).status).toBe(200);
    await operator.locator('#flow-search button').click();
    const failingRow = operator.locator(`#flow-table tr[data-flow-id="${readiedId}"]`);
    await failingRow
      .locator('.last-error', { hasText: 'pickup-order.complete-collection' })
      .waitFor({ timeout: 30_000 });
    expect(await failingRow.locator('td').nth(2).textContent()).toBe('COLLECTED');
    // A collected flow is stuck while its job waits for its next attempt; during an attempt it is not listed, so poll.
    const failing = await until('the failing flow listed by the API', async () => {
      const answer = (await (
        await towerCall(TOWER_KEYS.viewer, 'GET', `/api/flows?stuckForMin=0&key=${readiedId}`)
      ).json()) as {
        flows: { flowId: string; lastError: { queue: string; message: string } | null }[];
      };
      return answer.flows.length > 0 ? answer : undefined;
    });
    expect(failing.flows.map((f) => [f.flowId, f.lastError?.queue])).toEqual([
      [readiedId, 'pickup-order.complete-collection'],
    ]);
    expect(await failingRow.locator('.last-error').textContent()).toContain(
      failing.flows[0].lastError!.message,
    );
    await sandbox.setFaults('oms', { outage: false });

    // At tablet width the page keeps every section and does not scroll sideways.
    await viewer.setViewportSize({ width: 820, height: 1180 });
    for (const section of ['#flows', '#queues', '#health', '#audit'])
      expect(await viewer.locator(section).isVisible()).toBe(true);
    expect(await viewer.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
  });

  it("lets an operator release a stuck order's holds from its flow, giving a reason; a viewer has no such button", async () => {
    const storeId = (await stack.sandbox.seed()).stores[24].storeId;
    const [sku] = await skusAt(stack.sandbox, storeId, 1, (l) => l.onHand >= 2);
    const placed = await orders.place({ storeId, lines: [{ sku, quantity: 1 }] });
    expect(placed.status).toBe(201);
    const { orderId } = placed.body;
    const openFlow = async (page: Page) => {
      await page.locator('#flow-key').fill(orderId);
      await page.locator('#flow-stuck').uncheck();
      await page.locator('#flow-search button').click();
      await page.locator(`#flow-table tr[data-flow-id="${orderId}"]`).click();
      await page.locator('#flow-detail', { hasText: orderId }).waitFor();
    };

    const viewer = await signIn(TOWER_KEYS.viewer);
    await openFlow(viewer);
    expect(await viewer.locator('#flow-detail button.release-flow').count()).toBe(0);

    const operator = await signIn(TOWER_KEYS.operator);
    await openFlow(operator);
    operator.once('dialog', (dialog) => void dialog.accept('customer called the store: wants a refund'));
    await operator.locator('#flow-detail button.release-flow').click();
    await operator.locator('#action-result', { hasText: `${orderId}: released, now CANCELLED` }).waitFor();
    await operator.locator('#flow-detail .timeline', { hasText: 'released-by-operator' }).waitFor();
    await orderWhen(orders, orderId, 'holds released', (o) => stepsOf(o).includes('holds-released'));
    await operator
      .locator('#audit-table tr.operator-action', { hasText: `pickup-order/${orderId}` })
      .waitFor();
    // Once ended, the flow offers nothing to release.
    await operator.locator('#flow-detail button.release-flow').waitFor({ state: 'detached' });
  });

  it('lets an operator pause and resume a queue from the page, shown paused to a viewer who has no button for it', async () => {
    const queue = 'pickup-order.release-holds';
    const operator = await signIn(TOWER_KEYS.operator);
    const row = operator.locator(`#queue-table tr[data-queue="${queue}"]`);
    await row.locator('button.pause').waitFor();
    await operator.locator('#pause-reason').fill('OMS maintenance until 06:00');
    await row.locator('button.pause').click();
    await operator.locator('#action-result', { hasText: `${queue}: paused` }).waitFor();
    await row.locator('.pause-state', { hasText: 'paused by operator' }).waitFor();
    expect(await row.locator('.pause-state').textContent()).toContain('OMS maintenance until 06:00');
    const listed = (await (await towerCall(TOWER_KEYS.viewer, 'GET', '/api/queues')).json()) as {
      queues: { queue: string; paused: { by: string; reason: string } | null }[];
    };
    expect(listed.queues.find((q) => q.queue === queue)?.paused).toMatchObject({
      by: 'operator',
      reason: 'OMS maintenance until 06:00',
    });

    const viewer = await signIn(TOWER_KEYS.viewer);
    const viewerRow = viewer.locator(`#queue-table tr[data-queue="${queue}"]`);
    await viewerRow.locator('.pause-state', { hasText: 'paused by operator' }).waitFor();
    expect(await viewer.locator('#queue-table button.pause, #queue-table button.resume').count()).toBe(0);
    expect(await viewer.locator('#pause-reason').isVisible()).toBe(false);

    await row.locator('button.resume').click();
    await operator.locator('#action-result', { hasText: `${queue}: resumed` }).waitFor();
    await row.locator('button.pause').waitFor();
    expect(await row.locator('.pause-state').textContent()).toBe('');
    for (const action of ['pause-queue', 'resume-queue'])
      await operator
        .locator('#audit-table tr.operator-action', { hasText: action })
        .filter({ hasText: queue })
        .filter({ hasText: 'done' })
        .waitFor();
  });
});
