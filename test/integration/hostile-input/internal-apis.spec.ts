import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { AppProcess } from '../../support/app-process';
import { startApp } from '../../support/app-process';
import { type DocumentedOperation, operationsOf, sampleOf } from '../../support/openapi-routes';
import { type OrdersStack, startOrdersStack, stopOrdersStack } from '../../support/orders-stack';
import { type RawAnswer, sendRaw } from '../../support/raw-request';
import type { Backend } from '../../support/sandbox-client';
import { ACCEPTED_CALLERS, CALLER_KEYS, DATABASE_URL, TOWER_KEYS, callerHeaders } from '../../support/stack';
import type { InternalCaller } from '../../../libs/auth/src/internal-callers';

/**
 * Every documented operation of process-orders, the system APIs and the control tower, called with
 * its own caller's credentials and malformed, oversized, wrong-type and hostile path parameters,
 * queries and bodies (variants built from the committed OpenAPI documents, so a route added and
 * documented is covered without touching the test). Each answer is a documented 2xx or a 4xx
 * problem+json with a type, never a 5xx; a request refused at the door (400, 413, 415) reaches no
 * backend and writes nothing.
 */
const APPS = [
  'process-orders',
  'system-erp',
  'system-pos',
  'system-loyalty',
  'system-oms',
  'control-tower',
] as const;
type App = (typeof APPS)[number];
const BACKENDS: Backend[] = ['erp', 'loyalty', 'oms', 'pos'];

// Values that exist in the seeded sandbox where a route needs one to get past "not found".
const VALUES = { memberId: '6042685219730', backend: 'erp', queue: 'erp-postings' };

/** A request a hostile or broken caller could send. */
interface Variant {
  label: string;
  path: string;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

const HOSTILE_SEGMENTS = [
  '9'.repeat(300),
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  "x'%3B%20DROP%20TABLE%20x%3B--",
  '-1',
  '1e309',
  '%F0%9F%92%A9',
  '%C0%AF',
  '%ZZ',
  '__proto__',
];
const HOSTILE_QUERY_VALUES = ['', '%00', 'a,'.repeat(3_000), '-1', '1e309', '2.5', 'null', '%E2%80%AE'];
const HOSTILE_MEMBER_VALUES: [string, unknown][] = [
  ['null', null],
  ['a 10,000-character string', 'x'.repeat(10_000)],
  ['-1', -1],
  ['1e308', 1e308],
  ['2.5', 2.5],
  ['an empty array', []],
  ['an object', { a: 1 }],
  ['true', true],
  ['a string of digits', '12'],
  ['10,000 items', Array.from({ length: 10_000 }, () => 'x')],
];

function pathOf(
  operation: DocumentedOperation,
  override: Record<string, string> = {},
  query?: string,
): string {
  const path = operation.template.replace(
    /\{(\w+)\}/g,
    (_, name: string) =>
      override[name] ??
      encodeURIComponent(operation.pathParams.find((p) => p.name === name)?.example ?? 'x1'),
  );
  const fill =
    query ??
    operation.query
      .filter((q) => q.required)
      .map((q) => `${q.name}=${encodeURIComponent(q.example)}`)
      .join('&');
  return fill ? `${path}?${fill}` : path;
}

/** The hostile variants of one operation. */
function variantsOf(operation: DocumentedOperation): Variant[] {
  const variants: Variant[] = [];
  const good = pathOf(operation);
  const sample = operation.body
    ? (sampleOf(operation.body, operation.resolve) as Record<string, unknown>)
    : undefined;
  const withBody = sample ? JSON.stringify(sample) : undefined;
  for (const { name } of operation.pathParams) {
    for (const segment of HOSTILE_SEGMENTS)
      variants.push({
        label: `path ${name}=${segment.slice(0, 20)}`,
        path: pathOf(operation, { [name]: segment }),
        body: withBody,
      });
  }
  const required = operation.query
    .filter((q) => q.required)
    .map((q) => `${q.name}=${encodeURIComponent(q.example)}`);
  for (const { name } of operation.query) {
    const others = required.filter((q) => !q.startsWith(`${name}=`));
    for (const value of HOSTILE_QUERY_VALUES)
      variants.push({
        label: `query ${name}=${value.slice(0, 20)}`,
        path: pathOf(operation, {}, [...others, `${name}=${value}`].join('&')),
      });
    variants.push({
      label: `query ${name}[]`,
      path: pathOf(operation, {}, [...others, `${name}[]=a`, `${name}[]=b`].join('&')),
    });
    variants.push({
      label: `query ${name}[a][b]`,
      path: pathOf(operation, {}, [...others, `${name}[a][b]=1`].join('&')),
    });
    variants.push({
      label: `query ${name} twice`,
      path: pathOf(operation, {}, [...others, `${name}=a`, `${name}=b`].join('&')),
    });
  }
  variants.push({
    label: 'an unknown query field',
    path: pathOf(operation, {}, [...required, 'zz=1'].join('&')),
    body: withBody,
  });
  variants.push({
    label: 'a 300-character idempotency key',
    path: good,
    body: withBody,
    headers: { 'idempotency-key': 'k'.repeat(300) },
  });
  variants.push({
    label: 'a hostile X-On-Behalf-Of',
    path: good,
    body: withBody,
    headers: { 'x-on-behalf-of': '../../x;<script>' },
  });
  if (!sample) {
    if (operation.method !== 'GET')
      variants.push({ label: 'an unexpected body', path: good, body: '{"a":[1,2,{"b":null}]}' });
    return variants;
  }
  for (const [label, body] of [
    ['malformed JSON', '{"a":'],
    ['null', 'null'],
    ['an array', '[]'],
    ['a string', '"x"'],
    ['a number', '42'],
    ['an empty object', '{}'],
    ['an unknown member', JSON.stringify({ ...sample, unknownMember: 1 })],
    ['a __proto__ member', `{"__proto__":{"polluted":true},${JSON.stringify(sample).slice(1)}`],
    ['a constructor member', JSON.stringify({ ...sample, constructor: { prototype: { polluted: true } } })],
    ['300 KB of filler', JSON.stringify({ ...sample, filler: 'x'.repeat(300_000) })],
  ] as const) {
    variants.push({ label: `body ${label}`, path: good, body });
  }
  variants.push({ label: 'a text/plain body', path: good, body: withBody, contentType: 'text/plain' });
  for (const member of Object.keys(sample)) {
    const { [member]: _dropped, ...without } = sample;
    variants.push({ label: `body without ${member}`, path: good, body: JSON.stringify(without) });
    for (const [label, value] of HOSTILE_MEMBER_VALUES)
      variants.push({
        label: `body ${member} = ${label}`,
        path: good,
        body: JSON.stringify({ ...sample, [member]: value }),
      });
    const first = Array.isArray(sample[member]) ? (sample[member] as unknown[])[0] : undefined;
    if (first && typeof first === 'object') {
      for (const item of Object.keys(first)) {
        for (const [label, value] of HOSTILE_MEMBER_VALUES) {
          variants.push({
            label: `body ${member}[0].${item} = ${label}`,
            path: good,
            body: JSON.stringify({ ...sample, [member]: [{ ...first, [item]: value }] }),
          });
        }
      }
    }
  }
  return variants;
}

const operations = APPS.flatMap((app) => operationsOf(app, VALUES).map((operation) => ({ app, operation })));

describe('hostile input on every documented operation of the process, system and control tower APIs', () => {
  let stack: OrdersStack;
  let tower: AppProcess;
  let db: Client;
  let tables: string[] = [];
  const appOf = (app: App): AppProcess =>
    app === 'process-orders'
      ? stack.orders
      : app === 'control-tower'
        ? tower
        : stack.systems[app.replace('system-', '') as 'erp'];
  const credentialsFor = (app: App, operation: DocumentedOperation): Record<string, string> =>
    app === 'control-tower'
      ? { 'x-control-tower-key': TOWER_KEYS.operator }
      : callerHeaders((operation.callers[0] ?? 'process-orders') as InternalCaller);

  /**
   * Where refused requests left a trace: the tables of process-orders (jobs and idempotency keys
   * included) holding a row that mentions one of their correlation ids or idempotency keys, and the
   * backends that received a call carrying one of their correlation ids.
   */
  async function tracesOf(refused: { correlationId: string; idempotencyKey: string }[]): Promise<string[]> {
    if (refused.length === 0) return [];
    const patterns = refused.flatMap((r) => [`%${r.correlationId}%`, `%${r.idempotencyKey}%`]);
    const traces: string[] = [];
    for (const table of tables) {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} t WHERE to_jsonb(t)::text LIKE ANY($1)`,
        [patterns],
      );
      if (rows[0].n > 0) traces.push(`${rows[0].n} rows of ${table}`);
    }
    const ids = new Set(refused.map((r) => r.correlationId));
    for (const backend of BACKENDS) {
      const calls = (await stack.sandbox.calls(backend)).filter((call) =>
        ids.has(call.headers['x-correlation-id'] ?? ''),
      );
      if (calls.length > 0) traces.push(`${calls.length} calls to ${backend}`);
    }
    return traces;
  }

  beforeAll(async () => {
    stack = await startOrdersStack({ database: 'postgres' });
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
    db = new Client({ connectionString: DATABASE_URL });
    await db.connect();
    const found = await db.query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN ($1, $2) AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
      [stack.schema, `${stack.schema}_jobs`],
    );
    tables = found.rows.map((t) => `"${t.table_schema}"."${t.table_name}"`);
  }, 300_000);
  afterAll(async () => {
    await db?.end();
    await tower?.stop();
    await stopOrdersStack(stack);
  });

  it('finds the operations of every app in its OpenAPI document', () => {
    const documented = (app: App) =>
      operations.filter((o) => o.app === app).map((o) => `${o.operation.method} ${o.operation.template}`);
    expect(documented('process-orders')).toEqual(
      expect.arrayContaining([
        'POST /v1/pickup-orders',
        'POST /v1/sales',
        'GET /v1/ops/flows/{workflow}/{flowId}',
      ]),
    );
    expect(documented('system-erp')).toEqual(
      expect.arrayContaining(['POST /v1/postings', 'GET /v1/inventory/stores/{storeId}']),
    );
    expect(documented('system-pos')).toContain('GET /v1/stores/{storeId}/prices');
    expect(documented('system-loyalty')).toContain('POST /v1/members/{memberId}/redemptions');
    expect(documented('system-oms')).toContain('POST /v1/reservations');
    expect(documented('control-tower')).toContain('POST /api/dead-letters/{queue}/{deadLetterId}/replay');
  });

  it.each(
    operations.map(({ app, operation }) => [app, operation.method, operation.template, operation] as const),
  )(
    '%s %s %s answers every hostile variant with a documented 2xx or a 4xx problem, never a 5xx',
    async (app, method, _template, operation: DocumentedOperation) => {
      const wrong: string[] = [];
      const check = (variant: Variant, answer: RawAnswer) => {
        const said = `${variant.label}: ${answer.status} ${answer.contentType} ${answer.text.slice(0, 160)}`;
        if (answer.status >= 200 && answer.status < 300) {
          if (!operation.statuses.includes(String(answer.status))) wrong.push(`undocumented ${said}`);
          return;
        }
        if (
          answer.status < 400 ||
          answer.status >= 500 ||
          !answer.contentType.includes('application/problem+json')
        )
          return wrong.push(said);
        let problem: { type?: unknown; status?: unknown } = {};
        try {
          problem = JSON.parse(answer.text) as typeof problem;
        } catch {
          // Not JSON: reported below as a problem without a type.
        }
        if (
          typeof problem.type !== 'string' ||
          !problem.type.startsWith('https://omnigate.dev/problems/') ||
          problem.status !== answer.status
        )
          wrong.push(`no problem type ${said}`);
        if (/\bat .+\.(js|ts):\d+|node_modules/.test(answer.text)) wrong.push(`stack trace ${said}`);
      };
      const refused: { correlationId: string; idempotencyKey: string }[] = [];
      for (const variant of variantsOf(operation)) {
        const sent = { correlationId: `fuzz-${randomUUID()}`, idempotencyKey: randomUUID() };
        const headers = {
          ...credentialsFor(app, operation),
          'x-correlation-id': sent.correlationId,
          'idempotency-key': sent.idempotencyKey,
          ...variant.headers,
          ...(variant.contentType && { 'content-type': variant.contentType }),
        };
        const answer = await sendRaw(`${appOf(app).url}${variant.path}`, method, headers, variant.body);
        check(variant, answer);
        // Refused at the door: nothing may have been written or sent on its behalf.
        if ([400, 413, 415].includes(answer.status)) refused.push(sent);
      }
      expect(wrong).toEqual([]);
      expect(await tracesOf(refused)).toEqual([]);
    },
    600_000,
  );
});
