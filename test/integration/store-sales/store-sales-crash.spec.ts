import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DEV_STORES } from '../../support/experience-stack';
import {
  createdErpDocuments,
  membersWith,
  restartOrders,
  startOrdersStack,
  stopOrdersStack,
  until,
  type OrdersStack,
} from '../../support/orders-stack';
import { DATABASE_URL } from '../../support/stack';
import { keyOf, postSales, saleOf, seeded } from './store-sales-fixtures';

/*
 * process-orders killed while it works through a batch: each sale of the batch was accepted whole
 * (the sale, its timeline, its posting and its jobs) or not at all; the till's resend of the same
 * batch completes it, and each sale reaches the ERP once.
 */
describe('process-orders killed in the middle of a batch of sales', () => {
  let stack: OrdersStack;
  let db: Client;
  const store = DEV_STORES[1];

  beforeAll(async () => {
    stack = await startOrdersStack({
      database: 'postgres',
      orders: { IDEMPOTENCY_LOCK_S: '5', ERP_POSTING_RATE_PER_S: '400', ERP_POSTING_CONCURRENCY: '8' },
    });
    db = new Client({ connectionString: DATABASE_URL });
    await db.connect();
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await stopOrdersStack(stack);
  });

  const count = async (sql: string) =>
    Number((await db.query(sql.replaceAll('$schema', stack.schema))).rows[0].count);

  it('leaves every sale accepted whole or absent, and the resent batch accepts each once', async () => {
    const random = seeded(7);
    const skus = (await stack.sandbox.seed()).skus.slice(0, 10);
    const [memberId] = await membersWith(stack.sandbox, (m) => m.status === 'ACTIVE');
    const sales = Array.from({ length: 400 }, (_, i) =>
      saleOf({
        storeId: store,
        registerId: 'REG-09',
        sequence: i + 1,
        businessDate: '2026-11-28',
        skus,
        memberId: i % 4 === 0 ? memberId : undefined,
        random,
      }),
    );
    const key = randomUUID();
    const cut = postSales(stack.orders, sales, key).catch((error: unknown) => error);
    const acceptedBefore = await until(
      'part of the batch accepted',
      async () => {
        const n = await count(
          `SELECT count(*) FROM $schema.workflow_instances WHERE workflow = 'store-sale'`,
        );
        return n >= 40 ? n : undefined;
      },
      30_000,
      20,
    );
    await restartOrders(stack, 'SIGKILL');
    // The request died with the process: no answer came back.
    expect(await cut).toMatchObject({ message: 'fetch failed' });

    // The kill landed mid-batch: some sales accepted, not all.
    const accepted = await count(
      `SELECT count(*) FROM $schema.workflow_instances WHERE workflow = 'store-sale'`,
    );
    expect(accepted).toBeGreaterThanOrEqual(acceptedBefore);
    expect(accepted).toBeLessThan(sales.length);
    // None half-applied: every accepted sale has its steps and its posting, and nothing exists for a sale that is absent.
    expect(
      await count(
        `SELECT count(*) FROM $schema.workflow_instances WHERE workflow = 'store-sale' AND state <> 'POSTING_SCHEDULED'`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*) FROM $schema.workflow_events WHERE workflow = 'store-sale' AND step = 'accepted'`,
      ),
    ).toBe(accepted);
    expect(
      await count(
        `SELECT count(*) FROM $schema.workflow_events WHERE workflow = 'store-sale' AND step = 'erp-sale-scheduled'`,
      ),
    ).toBe(accepted);
    expect(await count(`SELECT count(*) FROM $schema.erp_postings WHERE source_type = 'store-sale'`)).toBe(
      accepted,
    );

    // The till sends the batch again under its key once the dead request's hold on it lapses.
    const resent = await until(
      'the batch taken again',
      async () => {
        const answer = await postSales(stack.orders, sales, key);
        return answer.status === 200 ? answer : undefined;
      },
      60_000,
      500,
    );
    const outcomes = resent.body.results.map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(accepted);
    expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(sales.length - accepted);
    expect(resent.body.results.map((r) => r.saleKey)).toEqual(sales.map(keyOf));

    expect(await count(`SELECT count(*) FROM $schema.workflow_instances WHERE workflow = 'store-sale'`)).toBe(
      sales.length,
    );
    const saleIds = new Set(resent.body.results.map((r) => r.saleId));
    expect(saleIds.size).toBe(sales.length);
    const documents = await until(
      'one ERP document per sale',
      async () => {
        const created = await createdErpDocuments(stack.sandbox);
        return created.size >= sales.length ? created : undefined;
      },
      90_000,
      1_000,
    );
    expect([...documents.keys()].sort()).toEqual([...saleIds].map((id) => `sale_${id}`).sort());
    expect([...documents.values()].every((n) => n === 1)).toBe(true);
    await until(
      'every member sale accrued',
      async () => {
        const accrued = await count(
          `SELECT count(*) FROM $schema.workflow_events WHERE workflow = 'store-sale' AND step = 'points-accrued'`,
        );
        return accrued === sales.length / 4 ? true : undefined;
      },
      60_000,
      500,
    );
  }, 180_000);
});
