import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { type AppProcess, startApp } from './app-process';
import type { RecordedCall, SandboxClient } from './sandbox-client';
import type { InternalCaller } from '../../libs/auth/src/internal-callers';
import {
  ACCEPTED_CALLERS,
  CALLER_KEYS,
  DATABASE_URL,
  callerHeaders,
  startSandbox,
  startSystemApp,
} from './stack';
import { TEST_SHEDDING, experienceKeys } from './experience-stack';

/** Where process-orders keeps its state in a test: the machine's PostgreSQL, or embedded PGlite in a temp dir. */
export type OrdersDatabase = 'postgres' | 'pglite';

/** Both, for `describe.each`. */
export const ORDERS_DATABASES: OrdersDatabase[] = ['postgres', 'pglite'];

/** The sandbox, the four system APIs and process-orders, each internal caller with its own key (see `CALLER_KEYS`). */
export interface OrdersStack {
  readonly database: OrdersDatabase;
  readonly schema: string;
  readonly sandboxApp: AppProcess;
  readonly sandbox: SandboxClient;
  readonly systems: { erp: AppProcess; pos: AppProcess; loyalty: AppProcess; oms: AppProcess };
  /** The running process-orders; replaced by {@link restartOrders}. */
  orders: AppProcess;
  /** The env process-orders was started with, so a restart finds the same database. */
  readonly ordersEnv: Record<string, string>;
  readonly pgliteDir?: string;
}

export interface OrdersStackOptions {
  database: OrdersDatabase;
  /** Extra settings of process-orders (PICKUP_WINDOW_S, ERP_POSTING_RETRY_BUDGET_H, ...). */
  orders?: Record<string, string>;
  /** Extra settings per system app. */
  systems?: Partial<Record<'erp' | 'pos' | 'loyalty' | 'oms', Record<string, string>>>;
}

const SYSTEMS = ['erp', 'pos', 'loyalty', 'oms'] as const;

/** Starts a sandbox, system-erp/pos/loyalty/oms against it, and process-orders on a fresh schema or PGlite dir. */
export async function startOrdersStack(options: OrdersStackOptions): Promise<OrdersStack> {
  const schema = `po_${randomBytes(6).toString('hex')}`;
  const started: AppProcess[] = [];
  const pgliteDir =
    options.database === 'pglite' ? await mkdtemp(join(tmpdir(), 'omnigate-orders-')) : undefined;
  try {
    const { app: sandboxApp, sandbox } = await startSandbox({ LOG_LEVEL: 'warn' });
    started.push(sandboxApp);
    const [erp, pos, loyalty, oms] = await Promise.all(
      SYSTEMS.map(async (system) => {
        const app = await startSystemApp(`system-${system}`, sandboxApp.url, {
          LOG_LEVEL: 'warn',
          ...options.systems?.[system],
        });
        started.push(app);
        return app;
      }),
    );
    const ordersEnv: Record<string, string> = {
      LOG_LEVEL: 'warn',
      INTERNAL_CALLER_KEY_DIGESTS: ACCEPTED_CALLERS,
      INTERNAL_SERVICE_KEY: CALLER_KEYS['process-orders'],
      SYSTEM_ERP_URL: erp.url,
      SYSTEM_POS_URL: pos.url,
      SYSTEM_LOYALTY_URL: loyalty.url,
      SYSTEM_OMS_URL: oms.url,
      DATABASE_SCHEMA: schema,
      ...(pgliteDir ? { PGLITE_DATA_DIR: pgliteDir } : { DATABASE_URL }),
      ERP_POSTING_MAX_RETRY_DELAY_S: '2',
      JOB_ATTEMPT_TIMEOUT_S: '10',
      ...options.orders,
    };
    const orders = await startApp('process-orders', ordersEnv);
    return {
      database: options.database,
      schema,
      sandboxApp,
      sandbox,
      systems: { erp, pos, loyalty, oms },
      orders,
      ordersEnv,
      pgliteDir,
    };
  } catch (error) {
    // A stack that failed to start leaves no process behind to hold the test run open.
    await Promise.all(started.map((app) => app.stop()));
    if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * An OMS slower than the channel waits: process-orders answers 202 PLACEMENT_ANSWER_MARGIN_MS
 * before the channel's deadline (on a busy machine the answer needs much of it to travel back, so
 * it is wide), and the OMS answers well after that, before system-oms's own 2 s vendor timeout.
 */
export const SLOW_OMS = { channelTimeoutMs: 1_500, omsLatencyMs: 1_700 } as const;

/**
 * Starts an experience app over an orders stack, as `npm start` wires it: its own internal key, the
 * stack's system APIs and process-orders, the test shedding thresholds; `env` adds or overrides.
 */
export function startExperienceOver(
  stack: OrdersStack,
  name: 'experience-storefront' | 'experience-pos',
  env: Record<string, string> = {},
): Promise<AppProcess> {
  return startApp(name, {
    LOG_LEVEL: 'warn',
    ...experienceKeys(name),
    SYSTEM_ERP_URL: stack.systems.erp.url,
    SYSTEM_POS_URL: stack.systems.pos.url,
    SYSTEM_LOYALTY_URL: stack.systems.loyalty.url,
    PROCESS_ORDERS_URL: stack.orders.url,
    ...TEST_SHEDDING,
    ...env,
  });
}

/** Stops process-orders with `signal` and starts it again on the same database, with `env` changes. */
export async function restartOrders(
  stack: OrdersStack,
  signal: NodeJS.Signals,
  env: Record<string, string> = {},
): Promise<void> {
  await stack.orders.stop(signal);
  stack.orders = await startApp('process-orders', { ...stack.ordersEnv, ...env });
}

/** Stops every app of the stack and drops what it left in PostgreSQL or on disk. */
export async function stopOrdersStack(stack: OrdersStack | undefined): Promise<void> {
  if (!stack) return;
  await Promise.all(
    [stack.orders, ...Object.values(stack.systems), stack.sandboxApp].map((app) => app.stop()),
  );
  if (stack.pgliteDir) await rm(stack.pgliteDir, { recursive: true, force: true });
  if (stack.database === 'postgres') {
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${stack.schema}" CASCADE`);
      await client.query(`DROP SCHEMA IF EXISTS "${stack.schema}_jobs" CASCADE`);
    } finally {
      await client.end();
    }
  }
}

/** An answer of process-orders: status, headers and parsed body. */
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A pickup order as process-orders answers it (the fields the tests read). */
export interface PickupOrderBody {
  orderId: string;
  state: string;
  storeId: string;
  memberId: string | null;
  pointsRedeemed: number;
  total: { amountMinor: number; currency: string };
  omsOrderId: string | null;
  timeline: { step: string; outcome: string; detail: Record<string, unknown> }[];
  postings: { postingId: string; kind: string; status: string; erpDocumentId: string | null }[];
  /** In the placement answer of a guest order only. */
  accessToken?: string;
}

/**
 * Calls process-orders as its internal callers would, each route as the caller it admits: the
 * storefront places, reads and cancels, the POS readies and collects, the operator watches and
 * mends. JSON, an Idempotency-Key on writes. It keeps the access token of each guest order it
 * placed and presents it on reads and cancels.
 */
export class OrdersClient {
  private readonly accessTokens = new Map<string, string>();

  constructor(private readonly stack: OrdersStack) {}

  async call<T = any>(
    caller: InternalCaller,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const response = await fetch(`${this.stack.orders.url}${path}`, {
      method,
      headers: {
        ...callerHeaders(caller),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  /** A write with a fresh Idempotency-Key unless one is given (`null`: no key at all). */
  write<T = PickupOrderBody>(
    caller: InternalCaller,
    path: string,
    body: unknown,
    key: string | null = randomUUID(),
  ): Promise<Answer<T>> {
    return this.call<T>(caller, 'POST', path, body, key === null ? {} : { 'idempotency-key': key });
  }

  async place(order: PlaceOrder, key?: string | null) {
    const answer = await this.write('experience-storefront', '/v1/pickup-orders', order, key);
    if (answer.body?.accessToken) this.accessTokens.set(answer.body.orderId, answer.body.accessToken);
    return answer;
  }

  /** The X-Order-Access-Token header of an order this client placed as a guest order. */
  private accessOf(orderId: string): Record<string, string> {
    const token = this.accessTokens.get(orderId);
    return token ? { 'x-order-access-token': token } : {};
  }

  get(orderId: string) {
    return this.call<PickupOrderBody>(
      'experience-storefront',
      'GET',
      `/v1/pickup-orders/${orderId}`,
      undefined,
      this.accessOf(orderId),
    );
  }

  ready(orderId: string, storeId: string, key?: string) {
    return this.write('experience-pos', `/v1/pickup-orders/${orderId}/ready`, { storeId }, key);
  }

  collect(orderId: string, storeId: string, key?: string) {
    return this.write('experience-pos', `/v1/pickup-orders/${orderId}/collect`, { storeId }, key);
  }

  cancel(orderId: string, key: string = randomUUID()) {
    return this.call<PickupOrderBody>(
      'experience-storefront',
      'POST',
      `/v1/pickup-orders/${orderId}/cancel`,
      {},
      { 'idempotency-key': key, ...this.accessOf(orderId) },
    );
  }

  async postingBacklog(): Promise<{ pending: number; posted: number; dead: number }> {
    const answer = await this.call<{ backlog: { pending: number; posted: number; dead: number } }>(
      'operator',
      'GET',
      '/v1/ops/erp-postings',
    );
    if (answer.status !== 200) throw new Error(`ops answered ${answer.status}`);
    return answer.body.backlog;
  }

  async deadLetters(
    queue: string,
  ): Promise<{ id: string; payload: Record<string, string>; error: { message: string } | null }[]> {
    const answer = await this.call(
      'operator',
      'GET',
      `/v1/ops/dead-letters?queue=${encodeURIComponent(queue)}`,
    );
    if (answer.status !== 200) throw new Error(`ops answered ${answer.status}`);
    return answer.body.deadLetters;
  }
}

export interface PlaceOrder {
  storeId: string;
  memberId?: string;
  lines: { sku: string; quantity: number }[];
  redeemPoints?: number;
}

/** Polls `probe` until it answers something other than undefined; fails after `timeoutMs` naming `what`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`gave up waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(everyMs);
  }
}

/** Waits until an order is in `state` (and `also` holds), returning it. */
export function orderWhen(
  client: OrdersClient,
  orderId: string,
  what: string,
  accept: (order: PickupOrderBody) => boolean,
  timeoutMs = 30_000,
): Promise<PickupOrderBody> {
  return until(
    `${orderId}: ${what}`,
    async () => {
      const answer = await client.get(orderId);
      return answer.status === 200 && accept(answer.body) ? answer.body : undefined;
    },
    timeoutMs,
  );
}

/** The steps of an order's timeline, in order. */
export const stepsOf = (order: PickupOrderBody) => order.timeline.map((e) => e.step);

/** One stock position as the sandbox ERP reports it. */
export interface StockLevel {
  sku: string;
  onHand: number;
  reserved: number;
}

/** Stock of `skus` at a store, straight from the sandbox ERP (what the store does not carry is absent). */
export async function stockAt(
  sandbox: SandboxClient,
  storeId: string,
  skus: string[],
): Promise<StockLevel[]> {
  const levels: StockLevel[] = [];
  for (let i = 0; i < skus.length; i += 100) {
    const materials = skus
      .slice(i, i + 100)
      .map((sku) => `Material eq '${sku}'`)
      .join(' or ');
    const filter = `Plant eq '${storeId}' and (${materials})`;
    const url = `${sandbox.url}/erp/sap/opu/odata/sap/API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod?$filter=${encodeURIComponent(filter)}`;
    let response = await fetch(url);
    // The test's own reads share the ERP's quota; one refused is read again, not reported.
    for (let retry = 0; response.status === 429 && retry < 10; retry++) {
      await sleep(500);
      response = await fetch(url);
    }
    if (!response.ok) throw new Error(`sandbox ERP stock answered ${response.status}`);
    const body = (await response.json()) as {
      d: { results: { Material: string; MatlWrhsStkQtyInMatlBaseUnit: string; ReservedQuantity: string }[] };
    };
    levels.push(
      ...body.d.results.map((r) => ({
        sku: r.Material,
        onHand: Number(r.MatlWrhsStkQtyInMatlBaseUnit),
        reserved: Number(r.ReservedQuantity),
      })),
    );
  }
  return levels;
}

/** The one stock level of a sku at a store. */
export async function levelOf(sandbox: SandboxClient, storeId: string, sku: string): Promise<StockLevel> {
  const [level] = await stockAt(sandbox, storeId, [sku]);
  if (!level) throw new Error(`${storeId} does not carry ${sku}`);
  return level;
}

/** Skus a store carries whose on-hand (none reserved) satisfies `accept`, at most `count` of them. */
export async function skusAt(
  sandbox: SandboxClient,
  storeId: string,
  count: number,
  accept: (level: StockLevel) => boolean,
): Promise<string[]> {
  const { skus } = await sandbox.seed();
  const levels = await stockAt(sandbox, storeId, skus);
  const found = levels.filter((l) => l.reserved === 0 && accept(l)).map((l) => l.sku);
  if (found.length < count)
    throw new Error(`${storeId} has only ${found.length} skus as asked, not ${count}`);
  return found.slice(0, count);
}

/** A member's available points at the sandbox loyalty platform. */
export async function pointsOf(sandbox: SandboxClient, memberId: string): Promise<number> {
  const response = await fetch(`${sandbox.url}/loyalty/api/v2/members/${memberId}`);
  if (!response.ok) throw new Error(`sandbox loyalty answered ${response.status}`);
  return ((await response.json()) as { balance: { availablePoints: number } }).balance.availablePoints;
}

/** A reservation's status at the sandbox OMS. */
export async function reservationStatus(sandbox: SandboxClient, reservationId: string): Promise<string> {
  const response = await fetch(`${sandbox.url}/oms/v1/reservations/${reservationId}`);
  if (!response.ok) throw new Error(`sandbox OMS answered ${response.status}`);
  return ((await response.json()) as { status: string }).status;
}

/** ERP documents the sandbox created (201) per external reference, from its call log. */
export async function createdErpDocuments(sandbox: SandboxClient): Promise<Map<string, number>> {
  const calls = await sandbox.calls('erp', 'POST A_RetailDocument');
  const created = new Map<string, number>();
  for (const call of calls.filter((c) => c.status === 201)) {
    const reference = (call.body as { ExternalReference?: string } | undefined)?.ExternalReference ?? '';
    created.set(reference, (created.get(reference) ?? 0) + 1);
  }
  return created;
}

/** The documents the sandbox ERP lists under an external reference. */
export async function erpDocumentsListed(
  sandbox: SandboxClient,
  externalReference: string,
): Promise<{ RetailDocument: string; DocumentType: string }[]> {
  const filter = `ExternalReference eq '${externalReference}'`;
  const response = await fetch(
    `${sandbox.url}/erp/sap/opu/odata/sap/API_RETAIL_POSTING_SRV/A_RetailDocument?$filter=${encodeURIComponent(filter)}`,
  );
  if (!response.ok) throw new Error(`sandbox ERP documents answered ${response.status}`);
  return ((await response.json()) as { d: { results: { RetailDocument: string; DocumentType: string }[] } }).d
    .results;
}

/** An order's status at the sandbox OMS. */
export async function omsOrderStatus(sandbox: SandboxClient, omsOrderId: string): Promise<string> {
  const response = await fetch(`${sandbox.url}/oms/v1/orders/${omsOrderId}`);
  if (!response.ok) throw new Error(`sandbox OMS answered ${response.status}`);
  return ((await response.json()) as { status: string }).status;
}

/** Calls of one backend operation whose path names `id`. */
export async function callsNaming(
  sandbox: SandboxClient,
  backend: RecordedCall['backend'],
  operation: string,
  id: string,
): Promise<RecordedCall[]> {
  return (await sandbox.calls(backend, operation)).filter((c) => c.path.includes(id));
}

/** Members of the seeded world with at least `minPoints`, active ones unless asked otherwise. */
export async function membersWith(
  sandbox: SandboxClient,
  accept: (m: { points: number; status: string }) => boolean,
): Promise<string[]> {
  return (await sandbox.seed()).members.filter(accept).map((m) => m.memberNumber);
}

/** The sandbox ERP's traffic since its counters were cleared: calls in flight at most, refusals by status. */
export async function erpTraffic(
  sandbox: SandboxClient,
): Promise<{ total: number; maxInFlight: number; refusedByStatus: Record<string, number> }> {
  const response = await fetch(`${sandbox.url}/_admin/counters`);
  if (!response.ok) throw new Error(`sandbox counters answered ${response.status}`);
  return (
    (await response.json()) as {
      erp: { total: number; maxInFlight: number; refusedByStatus: Record<string, number> };
    }
  ).erp;
}
