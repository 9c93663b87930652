import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { AppProcess } from '../../support/app-process';
import {
  DEV_KEYS,
  DEV_STORES,
  type SystemStack,
  startExperienceApp,
  startSystemStack,
} from '../../support/experience-stack';
import { LocalBackend, json } from '../../support/local-backend';
import { arraysDeep, deepInMember, objectsDeep, writeRoutesOf } from '../../support/openapi-routes';
import { oversizeHeader, sendRaw } from '../../support/raw-request';
import { stopAll } from '../../support/stack';

/** A GET that may carry a body, which fetch refuses to send. */
function rawGet(
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; contentType: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        headers: {
          ...headers,
          ...(body !== undefined && {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
          }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode!, contentType: String(res.headers['content-type']), text }),
        );
      },
    );
    // The server may answer before reading an oversize body and close the socket.
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to GET ${url}`)));
    req.end(body);
  });
}

const deeplyNested = JSON.stringify(
  Array.from({ length: 2_000 }).reduce<unknown>((inner) => ({ a: inner }), 1),
);
const oversize = JSON.stringify({ filler: 'x'.repeat(400_000) });
const SKU = '55592108';
const MEMBER = '6042685219730';

type Row = [
  label: string,
  app: 'storefront' | 'pos',
  path: string,
  key: string,
  status: number,
  type: string,
  body: string | undefined,
];

const rows: Row[] = [];
const endpoints: {
  app: 'storefront' | 'pos';
  key: string;
  good: string;
  bad: (string | [string, number, string])[];
}[] = [
  {
    app: 'storefront',
    key: DEV_KEYS.web,
    good: `/v1/products/${SKU}/availability?storeIds=${DEV_STORES[0]}`,
    bad: [
      [`/v1/products/${SKU}/availability`, 400, 'validation-failed'],
      [`/v1/products/${SKU}/availability?storeIds=`, 400, 'validation-failed'],
      [`/v1/products/${SKU}/availability?storeIds=${DEV_STORES[0]}&limit=5`, 400, 'validation-failed'],
      [`/v1/products/${SKU}/availability?storeIds[a][b][c]=1`, 400, 'validation-failed'],
      [
        `/v1/products/${SKU}/availability?storeIds=${Array.from({ length: 26 }, (_, i) => `ST-${1000 + i}`).join(',')}`,
        400,
        'validation-failed',
      ],
      [`/v1/products/${'9'.repeat(40)}/availability?storeIds=${DEV_STORES[0]}`, 400, 'validation-failed'],
      [`/v1/products/%3Cscript%3E/availability?storeIds=${DEV_STORES[0]}`, 400, 'validation-failed'],
      [`/v1/products/${SKU}/availability?storeIds=ST_0%27;DROP`, 400, 'validation-failed'],
      [`/v1/products/-1/availability?storeIds=${DEV_STORES[0]}`, 404, 'unknown-sku'],
      [`/v1/products/00000000/availability?storeIds=${DEV_STORES[0]}`, 404, 'unknown-sku'],
      [`/v1/products/${SKU}/availability?storeIds=${DEV_STORES[0]},ST-0000`, 404, 'unknown-store'],
    ],
  },
  {
    app: 'storefront',
    key: DEV_KEYS.mobile,
    good: `/v1/stores/${DEV_STORES[0]}/availability?skus=${SKU}`,
    bad: [
      [`/v1/stores/${DEV_STORES[0]}/availability`, 400, 'validation-failed'],
      [
        `/v1/stores/${DEV_STORES[0]}/availability?skus=${SKU}&storeId=${DEV_STORES[1]}`,
        400,
        'validation-failed',
      ],
      [
        `/v1/stores/${DEV_STORES[0]}/availability?skus=${Array.from({ length: 51 }, (_, i) => 10_000_000 + i).join(',')}`,
        400,
        'validation-failed',
      ],
      [`/v1/stores/${DEV_STORES[0]}/availability?skus=1.5e308,-2`, 400, 'validation-failed'],
      [`/v1/stores/ST%20..%2F1/availability?skus=${SKU}`, 400, 'validation-failed'],
      [`/v1/stores/ST-0000/availability?skus=${SKU}`, 404, 'unknown-store'],
    ],
  },
  {
    app: 'storefront',
    key: DEV_KEYS.service,
    good: `/v1/loyalty/members/${MEMBER}`,
    bad: [
      ['/v1/loyalty/members/abc', 400, 'validation-failed'],
      ['/v1/loyalty/members/60426852197301', 400, 'validation-failed'],
      ['/v1/loyalty/members/-604268521973', 400, 'validation-failed'],
      [`/v1/loyalty/members/${MEMBER}?activity=-1`, 400, 'validation-failed'],
      [`/v1/loyalty/members/${MEMBER}?activity=99999999999999999999`, 400, 'validation-failed'],
      [`/v1/loyalty/members/${MEMBER}?activity=2.5`, 400, 'validation-failed'],
      [`/v1/loyalty/members/${MEMBER}?activity=ten`, 400, 'validation-failed'],
      [`/v1/loyalty/members/${MEMBER}?activity=1&memberId=6044710831804`, 400, 'validation-failed'],
      ['/v1/loyalty/members/0000000000000', 404, 'unknown-member'],
    ],
  },
  {
    app: 'pos',
    key: DEV_KEYS.posStore1Register,
    good: `/v1/stores/${DEV_STORES[0]}/prices?skus=${SKU}`,
    bad: [
      [`/v1/stores/${DEV_STORES[0]}/prices`, 400, 'validation-failed'],
      [`/v1/stores/${DEV_STORES[0]}/prices?skus=${SKU}&price=0`, 400, 'validation-failed'],
      [
        `/v1/stores/${DEV_STORES[0]}/prices?skus=${Array.from({ length: 101 }, (_, i) => 10_000_000 + i).join(',')}`,
        400,
        'validation-failed',
      ],
      [`/v1/stores/${DEV_STORES[0]}/prices?skus=%00`, 400, 'validation-failed'],
      [`/v1/stores/${DEV_STORES[1]}/prices?skus=${SKU}`, 403, 'store-not-permitted'],
      [`/v1/stores/ST-0000/prices?skus=${SKU}`, 403, 'store-not-permitted'],
    ],
  },
  {
    app: 'pos',
    key: DEV_KEYS.posStore2Register,
    good: `/v1/stores/${DEV_STORES[1]}/availability?skus=${SKU}`,
    bad: [
      [`/v1/stores/${DEV_STORES[1]}/availability?skus[]=${SKU}`, 400, 'validation-failed'],
      [`/v1/stores/${DEV_STORES[1]}/availability?skus=${'A'.repeat(21)}`, 400, 'validation-failed'],
      [`/v1/stores/${DEV_STORES[0]}/availability?skus=${SKU}`, 403, 'store-not-permitted'],
    ],
  },
];
for (const { app, key, good, bad } of endpoints) {
  for (const [path, status, type] of bad as [string, number, string][])
    rows.push([path, app, path, key, status, type, undefined]);
  rows.push([`${good} with an oversize body`, app, good, key, 413, 'payload-too-large', oversize]);
  rows.push([
    `${good} with a deeply nested body`,
    app,
    good,
    key,
    400,
    'read-body-not-allowed',
    deeplyNested,
  ]);
}

/** The write routes of both experience apps, from their committed OpenAPI documents, and the key that may call each. */
const writes = (
  [
    ['storefront', DEV_KEYS.web],
    ['pos', DEV_KEYS.posStore1Register],
  ] as const
).flatMap(([app, key]) =>
  writeRoutesOf(`experience-${app}`, { storeId: DEV_STORES[0], orderId: 'po_hostile' }).map((route) => ({
    app,
    key,
    route,
  })),
);
const deepWrites = writes.flatMap(({ app, key, route }) => [
  [app, route.method, route.template, '5,000 arrays', key, route.path, arraysDeep(5_000)] as const,
  [app, route.method, route.template, '5,000 objects', key, route.path, objectsDeep(5_000)] as const,
]);

describe('bad input on every experience endpoint', () => {
  let stack: SystemStack;
  const apps: Record<'storefront' | 'pos', AppProcess> = {} as never;
  /** process-orders as the experience apps see it: records whatever they forward. */
  const processOrders = new LocalBackend(json(200, { holds: [] }));

  beforeAll(async () => {
    await processOrders.start();
    stack = await startSystemStack();
    [apps.storefront, apps.pos] = await Promise.all([
      startExperienceApp('experience-storefront', stack, {
        BODY_LIMIT_BYTES: '262144',
        PROCESS_ORDERS_URL: processOrders.url,
      }),
      startExperienceApp('experience-pos', stack, { PROCESS_ORDERS_URL: processOrders.url }),
    ]);
  });
  afterAll(async () => {
    await stopAll(apps.storefront, apps.pos, ...stack.apps);
    await processOrders.close();
  });

  it.each(endpoints.map((e) => [e.app, e.good, e.key]))(
    'serves the well-formed %s read %s',
    async (app, path, key) => {
      expect((await rawGet(`${apps[app as 'pos'].url}${path}`, { 'x-api-key': key })).status).toBe(200);
    },
  );

  it.each(rows)('refuses %s (%s) with a problem', async (_label, app, path, key, status, type, body) => {
    const answer = await rawGet(`${apps[app].url}${path}`, { 'x-api-key': key }, body);
    expect(answer.status).toBe(status);
    expect(answer.contentType).toContain('application/problem+json');
    const problem = JSON.parse(answer.text) as Record<string, unknown>;
    expect(problem).toMatchObject({
      type: `https://omnigate.dev/problems/${type}`,
      status,
      correlationId: expect.any(String),
    });
    expect(answer.text).not.toMatch(/\bat .+\.(js|ts):\d+|node_modules|stack/i);
  });

  it('finds the write routes of both apps in their OpenAPI documents', () => {
    expect(writes.map(({ app, route }) => `${app} ${route.method} ${route.template}`)).toEqual(
      expect.arrayContaining([
        'storefront POST /v1/pickup-orders',
        'pos POST /v1/stores/{storeId}/pickup-orders/{orderId}/collect',
      ]),
    );
  });

  it.each(deepWrites)(
    '%s %s %s refuses a body %s deep, forwarding nothing',
    async (app, method, _template, _label, key, path, body) => {
      const forwarded = processOrders.received.length;
      const backendCalls = await stack.sandbox.counters();
      const answer = await sendRaw(
        `${apps[app].url}${path}`,
        method,
        { 'x-api-key': key, 'idempotency-key': randomUUID() },
        body,
      );
      expect(answer.status).toBe(400);
      expect(answer.contentType).toContain('application/problem+json');
      expect(JSON.parse(answer.text)).toMatchObject({
        type: 'https://omnigate.dev/problems/body-too-deep',
        status: 400,
        maxDepth: 32,
        correlationId: expect.any(String),
      });
      expect(processOrders.received.length).toBe(forwarded);
      expect(await stack.sandbox.counters()).toEqual(backendCalls);
    },
  );

  it.each(
    writes
      .filter(({ route }) => route.arrayMembers.length > 0)
      .map(({ app, key, route }) => [app, route.method, route.template, key, route] as const),
  )('%s %s %s still reads a body 20 levels deep', async (app, method, _template, key, route) => {
    const [member] = route.arrayMembers;
    const forwarded = processOrders.received.length;
    const answer = await sendRaw(
      `${apps[app].url}${route.path}`,
      method,
      { 'x-api-key': key, 'idempotency-key': randomUUID() },
      deepInMember(member, 20),
    );
    // Read and validated: refused for its shape (lines that are arrays, not line objects), not for its depth.
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({
      type: 'https://omnigate.dev/problems/validation-failed',
    });
    expect(JSON.parse(answer.text).errors).toContainEqual({
      field: member,
      message: `each value in ${member} must be an object`,
    });
    expect(processOrders.received.length).toBe(forwarded);
  });

  it.each(['storefront', 'pos'] as const)(
    'experience-%s answers a request with 20 KB of headers 431 with a problem',
    async (app) => {
      const answer = await sendRaw(`${apps[app].url}/health/live`, 'GET', oversizeHeader());
      expect(answer.status).toBe(431);
      expect(answer.contentType).toContain('application/problem+json');
      expect(JSON.parse(answer.text)).toMatchObject({
        type: 'https://omnigate.dev/problems/header-fields-too-large',
        status: 431,
        correlationId: expect.any(String),
      });
    },
  );
});
