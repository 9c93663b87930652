import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { AppProcess } from '../../support/app-process';
import { type OrdersStack, startOrdersStack, stopOrdersStack } from '../../support/orders-stack';
import {
  type WriteRoute,
  arraysDeep,
  deepInMember,
  objectsDeep,
  writeRoutesOf,
} from '../../support/openapi-routes';
import { type RawAnswer, oversizeHeader, sendRaw } from '../../support/raw-request';
import type { Backend } from '../../support/sandbox-client';
import { DATABASE_URL, callerHeaders } from '../../support/stack';
import type { InternalCaller } from '../../../libs/auth/src/internal-callers';

/**
 * Every write route of the sandbox, the system APIs and process-orders, read from their committed
 * OpenAPI documents, refuses a body nested thousands of levels deep while parsing it: 400
 * body-too-deep, and nothing reaches a backend or the database. (The experience apps' write routes
 * are covered in experience/bad-input.spec.ts.)
 */
const APPS = [
  'sandbox',
  'system-erp',
  'system-pos',
  'system-loyalty',
  'system-oms',
  'process-orders',
] as const;
type App = (typeof APPS)[number];
const BACKENDS: Backend[] = ['erp', 'loyalty', 'oms', 'pos'];
const PARAMS = { backend: 'erp', memberId: '6042685219730', memberNumber: '6042685219730' };

const routes = APPS.flatMap((app) => writeRoutesOf(app, PARAMS).map((route) => ({ app, route })));
const deepRows = routes.flatMap(({ app, route }) => [
  [app, route.method, route.template, '5,000 arrays', arraysDeep(5_000), route] as const,
  [app, route.method, route.template, '5,000 objects', objectsDeep(5_000), route] as const,
]);
const arrayRoutes = routes.filter(({ route }) => route.arrayMembers.length > 0);

function expectProblem(answer: RawAnswer, status: number, type: string): Record<string, unknown> {
  expect(answer.status).toBe(status);
  expect(answer.contentType).toContain('application/problem+json');
  const problem = JSON.parse(answer.text) as Record<string, unknown>;
  expect(problem).toMatchObject({
    type: `https://omnigate.dev/problems/${type}`,
    status,
    correlationId: expect.any(String),
  });
  expect(answer.text).not.toMatch(/\bat .+\.(js|ts):\d+|node_modules|stack/i);
  return problem;
}

describe('bodies nested too deep, on every write route below the experience layer', () => {
  let stack: OrdersStack;
  let db: Client;
  const appOf = (app: App): AppProcess =>
    app === 'sandbox'
      ? stack.sandboxApp
      : app === 'process-orders'
        ? stack.orders
        : stack.systems[app.replace('system-', '') as 'erp'];
  // Each route is called as a caller it admits (its x-internal-callers): pickup orders by the storefront, store sales by the POS, the system APIs by process-orders.
  const headersFor = (app: App, route: WriteRoute): Record<string, string> =>
    app === 'sandbox'
      ? {}
      : {
          ...callerHeaders((route.callers[0] ?? 'process-orders') as InternalCaller),
          'idempotency-key': randomUUID(),
        };

  /** What a refused request must leave as it was: every backend's counters, faults and call log, and process-orders' tables. */
  async function everythingThatCouldChange() {
    const tables = await db.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
      [stack.schema],
    );
    const rows: Record<string, number> = {};
    for (const { table_name: table } of tables.rows) {
      rows[table] = Number(
        (await db.query(`SELECT count(*) FROM "${stack.schema}"."${table}"`)).rows[0].count,
      );
    }
    return {
      counters: await stack.sandbox.counters(),
      faults: await fetch(`${stack.sandbox.url}/_admin/faults`).then((r) => r.json()),
      calls: await Promise.all(BACKENDS.map(async (backend) => (await stack.sandbox.calls(backend)).length)),
      rows,
    };
  }

  beforeAll(async () => {
    stack = await startOrdersStack({ database: 'postgres' });
    db = new Client({ connectionString: DATABASE_URL });
    await db.connect();
    // Some traffic on every backend first, so that a refused reset or clear would show in the counters.
    const sku = (await stack.sandbox.seed()).skus[0];
    await Promise.all([
      fetch(`${stack.systems.erp.url}/v1/products/${sku}`, { headers: callerHeaders('process-orders') }),
      fetch(`${stack.systems.pos.url}/v1/stores`, { headers: callerHeaders('process-orders') }),
      fetch(`${stack.systems.loyalty.url}/v1/members/${PARAMS.memberId}`, {
        headers: callerHeaders('process-orders'),
      }),
      fetch(`${stack.sandbox.url}/oms/v1/reservations/RS0000000000`),
    ]);
  });
  afterAll(async () => {
    await db?.end();
    await stopOrdersStack(stack);
  });

  it('finds the write routes of every app in its OpenAPI document', () => {
    const documented = (app: App) =>
      routes.filter((r) => r.app === app).map((r) => `${r.route.method} ${r.route.template}`);
    expect(documented('process-orders')).toContain('POST /v1/pickup-orders');
    expect(documented('system-erp')).toContain('POST /v1/postings');
    expect(documented('system-oms')).toContain('POST /v1/reservations');
    expect(documented('system-loyalty')).toContain('POST /v1/members/{memberId}/redemptions');
    expect(documented('sandbox')).toContain('PUT /_admin/faults/{backend}');
    // system-pos serves reads only: no write route, nothing to refuse.
    expect(documented('system-pos')).toEqual([]);
  });

  it.each(deepRows)(
    '%s %s %s refuses a body %s deep and changes nothing',
    async (app, method, _template, _label, body, route: WriteRoute) => {
      const before = await everythingThatCouldChange();
      const answer = await sendRaw(`${appOf(app).url}${route.path}`, method, headersFor(app, route), body);
      expect(expectProblem(answer, 400, 'body-too-deep')).toMatchObject({ maxDepth: 32 });
      expect(await everythingThatCouldChange()).toEqual(before);
    },
  );

  it.each(arrayRoutes.map(({ app, route }) => [app, route.method, route.template, route] as const))(
    '%s %s %s still reads a body 20 levels deep',
    async (app, method, _template, route: WriteRoute) => {
      const [member] = route.arrayMembers;
      const before = await stack.sandbox.counters();
      const answer = await sendRaw(
        `${appOf(app).url}${route.path}`,
        method,
        headersFor(app, route),
        deepInMember(member, 20),
      );
      if (app === 'sandbox') {
        // The vendor simulator refuses it in its own dialect (the ERP asks for its CSRF token first), having counted the call.
        expect(answer.status).toBe(route.path.startsWith('/erp/') ? 403 : 400);
        expect(answer.contentType).not.toContain('application/problem+json');
        const backend = route.path.split('/')[1] as Backend;
        expect((await stack.sandbox.counters())[backend].total).toBe(before[backend].total + 1);
      } else {
        // Read and validated: refused for its shape (lines that are arrays, not line objects), not for its depth.
        const problem = expectProblem(answer, 400, 'validation-failed');
        expect(problem.errors).toContainEqual({
          field: member,
          message: `each value in ${member} must be an object`,
        });
      }
    },
  );

  it.each(APPS)('%s answers a request with 20 KB of headers 431 with a problem', async (app) => {
    const answer = await sendRaw(`${appOf(app).url}/health/live`, 'GET', oversizeHeader());
    const problem = expectProblem(answer, 431, 'header-fields-too-large');
    expect((await fetch(`${appOf(app).url}/health/live`)).status).toBe(200);
    expect(problem.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
