import { Client } from 'pg';
import { PgBoss } from 'pg-boss';
import { type AppProcess, startApp } from '../../support/app-process';
import {
  OrdersClient,
  type OrdersStack,
  membersWith,
  orderWhen,
  skusAt,
  startOrdersStack,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';
import { ReturnsClient, acceptedSale, collectedOrder, finalSaleSkus } from '../../support/returns';
import { ACCEPTED_CALLERS, CALLER_KEYS, DATABASE_URL, TOWER_KEYS } from '../../support/stack';
import { type RedemptionBody, redemptionWhen, stepsOf } from '../till-redemptions/till-redemption-support';

interface Difference {
  kind: string;
  flow: { workflow: string; flowId: string } | null;
  reference: string;
}
interface Report {
  reportId: string;
  storeId: string;
  businessDate: string;
  trigger: string;
  requestedBy: string | null;
  checked: { flows: number; postings: number; erpDocuments: number; loyaltyTransactions: number };
  differences: Difference[];
}

/**
 * Reconciliation over a real stack (sandbox, system APIs, process-orders on PostgreSQL, the control
 * tower): a store's day of sales, pickup orders, returns and till redemptions against the ERP's
 * documents and the loyalty ledger, with the sandbox set to lose what it acknowledged; and the
 * daily run, sent as pg-boss's cron sends it.
 */
describe("reconciliation of a store's business date", () => {
  let stack: OrdersStack;
  let orders: OrdersClient;
  let returns: ReturnsClient;
  let tower: AppProcess;
  let stores: string[];
  let memberId: string;
  let sequence = 1;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    stack = await startOrdersStack({ database: 'postgres' });
    orders = new OrdersClient(stack);
    returns = new ReturnsClient(orders);
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
    stores = (await stack.sandbox.seed()).stores.slice(6, 11).map((s) => s.storeId);
    expect(stores).toHaveLength(5);
    [memberId] = await membersWith(stack.sandbox, (m) => m.status === 'ACTIVE' && m.points >= 100);
    // Six apps start here; on a loaded machine that takes longer than one test's timeout.
  }, 300_000);
  afterAll(async () => {
    await tower?.stop();
    await stopOrdersStack(stack);
  });

  async function asTower(key: string, method: 'GET' | 'POST', path: string, body?: object) {
    const response = await fetch(`${tower.url}${path}`, {
      method,
      headers: { 'x-control-tower-key': key, ...(body && { 'content-type': 'application/json' }) },
      ...(body && { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  const reconcile = async (storeId: string): Promise<Report> => {
    const answer = await asTower(TOWER_KEYS.operator, 'POST', '/api/reconciliation-reports', {
      storeId,
      businessDate: today,
    });
    if (answer.status !== 201) {
      const lastError = stack.orders.logs.filter((l) => Number(l.level) >= 50).at(-1);
      throw new Error(
        `reconciliation answered ${answer.status}: ${JSON.stringify(answer.body)}; process-orders logged ${JSON.stringify(lastError)}`,
      );
    }
    return answer.body as Report;
  };

  /** Skus the store stocks and sells as returnable. */
  async function returnableSkus(storeId: string, count: number): Promise<string[]> {
    const stocked = await skusAt(stack.sandbox, storeId, 20, (l) => l.onHand >= 5);
    const finalSale = await finalSaleSkus(stack.sandbox, storeId, stocked);
    return stocked.filter((s) => !finalSale.has(s)).slice(0, count);
  }

  /** A member's card sale of today: 2 x 12.00 and 1 x 6.50 (30.50), earning 30 points. */
  const memberSale = (storeId: string, skus: string[]) => ({
    storeId,
    registerId: 'R1',
    sequence: sequence++,
    businessDate: today,
    occurredAt: new Date().toISOString(),
    currency: 'USD',
    memberId,
    lines: [
      { lineNumber: 1, sku: skus[0], quantity: 2, unitPriceMinor: 1200 },
      { lineNumber: 2, sku: skus[1], quantity: 1, unitPriceMinor: 650 },
    ],
    tenders: [{ type: 'CARD', amountMinor: 3050 }],
  });

  /** Authorizes a till redemption of `points` for the member at the store, as experience-pos does. */
  async function authorized(storeId: string, points: number): Promise<RedemptionBody> {
    const answer = await orders.write<RedemptionBody>('experience-pos', '/v1/loyalty/redemptions', {
      storeId,
      memberId,
      points,
    });
    if (answer.status !== 201)
      throw new Error(`authorize answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /**
   * A member's sale paying part with the points of `redemption` (the sale names it and captures it),
   * the rest by card; waits until the sale captured it and the points liability is posted.
   */
  async function saleCapturing(storeId: string, skus: string[], redemption: RedemptionBody): Promise<string> {
    const sale = memberSale(storeId, skus);
    const points = redemption.value.amountMinor;
    const saleId = await acceptedSale(orders, {
      ...sale,
      redemptionId: redemption.redemptionId,
      tenders: [
        { type: 'POINTS', amountMinor: points, points: redemption.points },
        { type: 'CARD', amountMinor: 3050 - points },
      ],
    });
    await until(`${saleId} captured its redemption`, async () => {
      const view = await orders.call<{ timeline: { step: string }[] }>(
        'operator',
        'GET',
        `/v1/sales/${saleId}`,
      );
      return view.body.timeline?.some((e) => e.step === 'redemption-captured') || undefined;
    });
    await redemptionWhen(
      orders,
      redemption.redemptionId,
      'captured, its points liability posted',
      (r) => r.state === 'CAPTURED' && r.postings.length === 1 && r.postings[0].status === 'posted',
    );
    return saleId;
  }

  it('finds no difference in a day of sales, a collected pickup order and a return when nothing was lost', async () => {
    const storeId = stores[0];
    const skus = await returnableSkus(storeId, 2);
    const sale = memberSale(storeId, skus);
    await acceptedSale(orders, sale);
    const order = await collectedOrder(orders, { storeId, memberId, lines: [{ sku: skus[0], quantity: 1 }] });
    await orderWhen(
      orders,
      order.orderId,
      'every posting posted',
      (o) => o.postings.length === 2 && o.postings.every((p) => p.status === 'posted'),
    );
    const returned = await returns.create({
      storeId,
      registerId: 'R1',
      saleKey: `${storeId}:R1:${sale.sequence}`,
      lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
    });
    expect(returned.status).toBe(201);
    await returns.when(returned.body.returnId, ['erp-credit_memo-posted', 'accrual-reversed']);

    const report = await reconcile(storeId);
    expect(report.differences).toEqual([]);
    // It looked: three flows; the sale's SALE, the order's DEMAND and SALE, the return's CREDIT_MEMO;
    // the sale's accrual, the order's (when its total earned a point) and the return's reversal.
    const orderAccrued = Math.floor(order.total.amountMinor / 100) > 0 ? 1 : 0;
    expect(report.checked).toEqual({
      flows: 3,
      postings: 4,
      erpDocuments: 4,
      loyaltyTransactions: 2 + orderAccrued,
    });
    expect(report).toMatchObject({
      storeId,
      businessDate: today,
      trigger: 'on-demand',
      requestedBy: 'operator',
    });
  });

  it('lists exactly the ERP document and the loyalty accrual the sandbox lost, each with its flow', async () => {
    const storeId = stores[1];
    const skus = await returnableSkus(storeId, 2);
    await stack.sandbox.loseRecords({ documents: 1, accruals: 1 });
    const saleId = await acceptedSale(orders, memberSale(storeId, skus));
    // Both faults were spent on that sale's document and accrual: what follows lands.
    const faults = (await (await fetch(`${stack.sandbox.url}/_admin/faults`)).json()) as Record<
      string,
      Record<string, number>
    >;
    expect([faults.erp.loseDocuments, faults.loyalty.loseAccruals]).toEqual([0, 0]);
    const order = await collectedOrder(orders, { storeId, memberId, lines: [{ sku: skus[1], quantity: 1 }] });
    await acceptedSale(orders, memberSale(storeId, skus));

    const report = await reconcile(storeId);
    const differences = report.differences.map(({ kind, flow, reference }) => ({ kind, flow, reference }));
    expect(differences).toEqual([
      {
        kind: 'erp-document-missing',
        flow: { workflow: 'store-sale', flowId: saleId },
        reference: `sale_${saleId}`,
      },
      {
        kind: 'loyalty-accrual-missing',
        flow: { workflow: 'store-sale', flowId: saleId },
        reference: `accrual-${saleId}`,
      },
    ]);
    expect(report.checked.flows).toBe(3);

    // Kept: the list shows it counted per kind, a viewer opens it, and the flow it links to opens.
    const listed = await asTower(TOWER_KEYS.viewer, 'GET', `/api/reconciliation-reports?storeId=${storeId}`);
    expect(listed.status).toBe(200);
    expect(listed.body.reports).toEqual([
      expect.objectContaining({
        reportId: report.reportId,
        differenceCount: 2,
        differencesByKind: { 'erp-document-missing': 1, 'loyalty-accrual-missing': 1 },
      }),
    ]);
    const opened = await asTower(TOWER_KEYS.viewer, 'GET', `/api/reconciliation-reports/${report.reportId}`);
    expect(opened.body.differences).toEqual(report.differences);
    const flow = await asTower(TOWER_KEYS.viewer, 'GET', `/api/flows/store-sale/${saleId}`);
    expect(flow.status).toBe(200);
    expect(order.state).toBe('COLLECTED');
  });

  it('finds no difference in a till redemption captured with a sale and one voided, each with its hold as it should be', async () => {
    const storeId = stores[2];
    const skus = await returnableSkus(storeId, 2);
    const captured = await authorized(storeId, 20);
    await saleCapturing(storeId, skus, captured);
    const voided = await authorized(storeId, 10);
    const answer = await orders.write(
      'experience-pos',
      `/v1/loyalty/redemptions/${voided.redemptionId}/void`,
      {
        storeId,
      },
    );
    expect(answer.status).toBe(200);
    await redemptionWhen(orders, voided.redemptionId, 'points given back', (r) =>
      stepsOf(r).includes('points-released'),
    );

    const report = await reconcile(storeId);
    expect(report.differences).toEqual([]);
    // It looked: the sale and both redemptions; the sale's SALE and the captured one's POINTS_LIABILITY;
    // the sale's accrual, the captured hold, and the voided hold with its cancellation.
    expect(report.checked).toEqual({ flows: 3, postings: 2, erpDocuments: 2, loyaltyTransactions: 4 });
  });

  it('lists exactly the captured till redemption whose points hold the loyalty ledger lost, with its flow', async () => {
    const storeId = stores[3];
    const skus = await returnableSkus(storeId, 2);
    await stack.sandbox.loseRecords({ redemptions: 1 });
    const lost = await authorized(storeId, 15);
    const faults = (await (await fetch(`${stack.sandbox.url}/_admin/faults`)).json()) as Record<
      string,
      Record<string, number>
    >;
    expect(faults.loyalty.loseRedemptions).toBe(0);
    await saleCapturing(storeId, skus, lost);
    // A voided one beside it, held and given back as it should be, is no difference.
    const voided = await authorized(storeId, 5);
    await orders.write('experience-pos', `/v1/loyalty/redemptions/${voided.redemptionId}/void`, { storeId });
    await redemptionWhen(orders, voided.redemptionId, 'points given back', (r) =>
      stepsOf(r).includes('points-released'),
    );

    const report = await reconcile(storeId);
    expect(report.differences.map(({ kind, flow, reference }) => ({ kind, flow, reference }))).toEqual([
      {
        kind: 'loyalty-redemption-missing',
        flow: { workflow: 'till-redemption', flowId: lost.redemptionId },
        reference: `till-${lost.redemptionId}`,
      },
    ]);
    expect(report.checked.flows).toBe(3);
    const flow = await asTower(TOWER_KEYS.viewer, 'GET', `/api/flows/till-redemption/${lost.redemptionId}`);
    expect(flow.status).toBe(200);
  });

  it("runs the daily schedule over the previous UTC day's stores, keeping a report triggered by the schedule", async () => {
    const storeId = stores[4];
    const skus = await returnableSkus(storeId, 2);
    // The daily run takes the day before the app's clock: a sale of yesterday's business date
    // belongs to it; the flows of today in the other stores do not.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await acceptedSale(orders, { ...memberSale(storeId, skus), businessDate: yesterday });
    const ofYesterday = async () =>
      (await asTower(TOWER_KEYS.viewer, 'GET', `/api/reconciliation-reports?businessDate=${yesterday}`)).body
        .reports as { reportId: string; storeId: string; trigger: string; differenceCount: number }[];
    expect(await ofYesterday()).toEqual([]);

    // What pg-boss's cron does when the schedule comes due: send the schedule row's job (its data
    // and options) to its queue. Sent here without waiting for 04:30 UTC.
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    const boss = new PgBoss({
      connectionString: DATABASE_URL,
      schema: `${stack.schema}_jobs`,
      supervise: false,
      schedule: false,
      migrate: false,
      createSchema: false,
    });
    try {
      const { rows } = await client.query<{
        name: string;
        data: object | null;
        options: Record<string, unknown>;
      }>(
        `SELECT name, data, options FROM "${stack.schema}_jobs".schedule WHERE name = 'reconciliation.daily'`,
      );
      expect(rows).toHaveLength(1);
      await boss.start();
      const { db: _db, ...options } = rows[0].options ?? {};
      expect(await boss.send({ name: rows[0].name, data: rows[0].data ?? {}, options })).not.toBeNull();
    } finally {
      await boss.stop({ graceful: false });
      await client.end();
    }

    const [summary] = await until(
      'the scheduled report of yesterday',
      async () => {
        const reports = await ofYesterday();
        return reports.length > 0 ? reports : undefined;
      },
      60_000,
    );
    expect(await ofYesterday()).toEqual([
      expect.objectContaining({ storeId, trigger: 'schedule', differenceCount: 0 }),
    ]);
    const opened = await asTower(TOWER_KEYS.viewer, 'GET', `/api/reconciliation-reports/${summary.reportId}`);
    expect(opened.body).toMatchObject({
      storeId,
      businessDate: yesterday,
      trigger: 'schedule',
      requestedBy: null,
      checked: { flows: 1, postings: 1, erpDocuments: 1, loyaltyTransactions: 1 },
      differences: [],
    });
  });

  it('lets viewers read reports but not run one', async () => {
    const refused = await asTower(TOWER_KEYS.viewer, 'POST', '/api/reconciliation-reports', {
      storeId: stores[0],
      businessDate: today,
    });
    expect(refused.status).toBe(403);
    const unknown = await asTower(TOWER_KEYS.viewer, 'GET', '/api/reconciliation-reports/rec_doesnotexist00');
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toBe('https://omnigate.dev/problems/reconciliation-report-not-found');
  });

  it('keeps the daily run scheduled in pg-boss as configured', async () => {
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT name, cron, options FROM "${stack.schema}_jobs".schedule WHERE name = 'reconciliation.daily'`,
      );
      expect(rows).toEqual([
        expect.objectContaining({
          name: 'reconciliation.daily',
          cron: '30 4 * * *',
          options: expect.objectContaining({ tz: 'UTC' }),
        }),
      ]);
    } finally {
      await client.end();
    }
  });
});
