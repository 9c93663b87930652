import { randomUUID } from 'node:crypto';
import type { AppProcess } from '../../support/app-process';
import { DEV_KEYS, DEV_STORES, getWithKey, WITHOUT_PLANS } from '../../support/experience-stack';
import { scraperHeaders } from '../../support/stack';
import {
  type OrdersStack,
  skusAt,
  startExperienceOver,
  startOrdersStack,
  stopOrdersStack,
} from '../../support/orders-stack';
import { waitFor } from '../../support/wait-for';

const PROBLEMS = 'https://omnigate.dev/problems';

describe('when the ERP fails and system-erp refuses work', () => {
  let stack: OrdersStack;
  let storefront: AppProcess;
  let pos: AppProcess;
  let browsed: string[];
  let orderable: string;
  const store = DEV_STORES[0];

  beforeAll(async () => {
    // system-erp without retries and with a quick breaker, so its failures reach the edge fast.
    stack = await startOrdersStack({
      database: 'pglite',
      systems: { erp: { RETRY_ATTEMPTS: '1', BREAKER_VOLUME_THRESHOLD: '5', BREAKER_RESET_MS: '1000' } },
    });
    // This file is about shedding; the plans' windows are proven by rate-limit-plans.spec.ts.
    const env = WITHOUT_PLANS;
    [storefront, pos] = await Promise.all([
      startExperienceOver(stack, 'experience-storefront', env),
      startExperienceOver(stack, 'experience-pos', env),
    ]);
    browsed = (await stack.sandbox.seed()).skus.slice(100, 160);
    [orderable] = await skusAt(stack.sandbox, store, 1, (level) => level.onHand >= 5);
  });
  afterAll(async () => {
    await Promise.all([storefront?.stop(), pos?.stop()]);
    await stopOrdersStack(stack);
  });

  const anyBrowsedSku = () => browsed[Math.floor(Math.random() * browsed.length)];
  const storefrontAvailability = (sku = anyBrowsedSku()) =>
    getWithKey(storefront, `/v1/stores/${store}/availability?skus=${sku}`, DEV_KEYS.web);
  const posAvailability = () =>
    getWithKey(pos, `/v1/stores/${store}/availability?skus=${anyBrowsedSku()}`, DEV_KEYS.posStore1Register);
  const problemType = async (answer: Response) => ((await answer.json()) as { type: string }).type;

  /** Whether the app's load shedder holds system-erp saturated, read from the app's own metrics. */
  const erpSaturatedAt = async (app: AppProcess): Promise<boolean> => {
    const metrics = await (await fetch(`${app.url}/metrics`, { headers: scraperHeaders() })).text();
    return metrics.includes('omnigate_upstream_saturated{backend="system-erp"} 1');
  };

  /**
   * Drives ERP reads through `app` until its own breaker to system-erp is open and its shedder knows,
   * then runs `check` and returns its result if the shedder still held system-erp saturated after it
   * (a breaker goes half-open after 5 s; then the ERP reads open it again and `check` runs again).
   */
  const whileErpSaturatedAt = <T>(
    app: AppProcess,
    failingErpRead: () => Promise<Response>,
    check: () => Promise<T>,
  ): Promise<T> =>
    waitFor(
      async () => {
        if (!(await erpSaturatedAt(app))) {
          const answers = await Promise.all(Array.from({ length: 5 }, failingErpRead));
          for (const answer of answers) expect(answer.status).toBeGreaterThanOrEqual(500);
          return undefined;
        }
        const result = await check();
        return (await erpSaturatedAt(app)) ? result : undefined;
      },
      `system-erp saturated at ${app.name}`,
      60,
      50,
    );

  it('sheds ERP-dependent storefront browsing while pickup placement and POS prices are served, and stops on recovery', async () => {
    await stack.sandbox.setFaults('erp', { outage: true });

    // Storefront browsing depends on system-erp: shed with a problem and Retry-After.
    const shed = await whileErpSaturatedAt(storefront, storefrontAvailability, storefrontAvailability);
    expect(shed.status).toBe(503);
    expect(shed.headers.get('content-type')).toContain('application/problem+json');
    expect(shed.headers.get('retry-after')).toBe('1');
    expect(await problemType(shed)).toBe(`${PROBLEMS}/overloaded`);

    // Placement is browse traffic of the same client app, but depends on process-orders only.
    const placed = await whileErpSaturatedAt(storefront, storefrontAvailability, () =>
      fetch(`${storefront.url}/v1/pickup-orders`, {
        method: 'POST',
        headers: {
          'x-api-key': DEV_KEYS.web,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify({ storeId: store, lines: [{ sku: orderable, quantity: 1 }] }),
      }),
    );
    expect(placed.status).toBe(201);
    expect(((await placed.json()) as { state: string }).state).toBe('RESERVED');

    // The till's shedder has seen system-erp saturated too: prices (system-pos) are served, and its
    // ERP reads are critical traffic, answered by its own open breaker rather than shed.
    const till = await whileErpSaturatedAt(pos, posAvailability, () =>
      getWithKey(pos, `/v1/stores/${store}/prices?skus=${orderable}`, DEV_KEYS.posStore1Register),
    );
    expect(till.status).toBe(200);
    expect(((await till.json()) as { items: { sku: string }[] }).items.map((i) => i.sku)).toEqual([
      orderable,
    ]);
    const tillStock = await whileErpSaturatedAt(pos, posAvailability, posAvailability);
    expect(tillStock.status).toBe(503);
    expect(await problemType(tillStock)).toBe(`${PROBLEMS}/upstream-circuit-open`);

    await stack.sandbox.setFaults('erp', { outage: false });
    // The storefront's breaker lets a probe through after its reset interval (5 s); then browsing is served again.
    const served = await waitFor(
      async () => {
        const answer = await storefrontAvailability(browsed[0]);
        return answer.status === 200 ? answer : undefined;
      },
      'browsing to be served again',
      100,
      200,
    );
    expect(served.status).toBe(200);
    expect(await erpSaturatedAt(storefront)).toBe(false);
  });
});
