import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import type { AppProcess } from '../../support/app-process';
import {
  type DocumentedOperation,
  documentedOperations,
  documentedRequest,
} from '../../support/documented-requests';
import { DEV_KEYS } from '../../support/experience-stack';
import {
  type OrdersStack,
  startExperienceOver,
  startOrdersStack,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';

type Channel = 'experience-storefront' | 'experience-pos';

/**
 * The ids of things a documented request makes (an order, a redemption, a return) cannot be known to
 * the document: its examples show these, and a request made after the one that made the thing sends
 * the id that one answered instead. Every other value sent is the documented example.
 */
const MADE_BY_AN_EARLIER_REQUEST: Record<string, string> = {
  orderId: 'po_8Qm3xT0aLk2VbN7c',
  redemptionId: 'rdm_8Qm3xT0aLk2VbN7c',
  returnId: 'ret_8Qm3xT0aLk2VbN7c',
};

/**
 * The day the till examples were written: a sale of that day is returnable for 30 days only, so the
 * replay sends the documented sale (and the return naming it) as made yesterday, the way a till sends
 * its own business date.
 */
const DOCUMENTED_BUSINESS_DATE = '2026-11-23';

/** One documented example sent: which operation, which body example, with which development key. */
interface Step {
  channel: Channel;
  operationId: string;
  /** The body example's name, when the operation documents several; else its only one. */
  example?: string;
  apiKey: string;
  /** A step the last placed order's timeline must show first: the store marks an order ready once its pick list came (by a job). */
  after?: string;
}

const web = DEV_KEYS.web;
const service = DEV_KEYS.service;
const register = DEV_KEYS.posStore1Register;

/**
 * Every documented operation of the channel APIs, in an order a channel team would try them: reads;
 * a member's order placed and cancelled; a guest order placed, read, made ready, collected and
 * returned; points redeemed at the till and captured, and another redemption voided; a store sale
 * recorded, a return of it authorised in advance (RMA) rejected, another cancelled and a third
 * received, and its other unit returned at the counter.
 */
const STEPS: Step[] = [
  { channel: 'experience-storefront', operationId: 'Availability_readProductAvailability', apiKey: web },
  { channel: 'experience-storefront', operationId: 'Availability_readStoreAvailability', apiKey: web },
  { channel: 'experience-storefront', operationId: 'Loyalty_readMemberAccount', apiKey: service },
  { channel: 'experience-pos', operationId: 'Prices_readStorePrices', apiKey: register },
  { channel: 'experience-pos', operationId: 'Availability_readStoreAvailability', apiKey: register },
  { channel: 'experience-storefront', operationId: 'PickupOrders_place', example: 'member', apiKey: service },
  { channel: 'experience-storefront', operationId: 'PickupOrders_cancel', apiKey: service },
  { channel: 'experience-storefront', operationId: 'PickupOrders_place', example: 'guest', apiKey: web },
  { channel: 'experience-storefront', operationId: 'PickupOrders_read', apiKey: web },
  {
    channel: 'experience-pos',
    operationId: 'StorePickupOrders_markReady',
    apiKey: register,
    after: 'pick-list-sent',
  },
  { channel: 'experience-pos', operationId: 'StorePickupOrders_collect', apiKey: register },
  { channel: 'experience-pos', operationId: 'Returns_create', example: 'pickupOrder', apiKey: register },
  { channel: 'experience-pos', operationId: 'Returns_get', apiKey: register },
  { channel: 'experience-storefront', operationId: 'CustomerServiceReturns_get', apiKey: service },
  { channel: 'experience-pos', operationId: 'TillRedemptions_authorize', apiKey: register },
  { channel: 'experience-pos', operationId: 'TillRedemptions_capture', apiKey: register },
  { channel: 'experience-pos', operationId: 'TillRedemptions_authorize', apiKey: register },
  { channel: 'experience-pos', operationId: 'TillRedemptions_void', apiKey: register },
  { channel: 'experience-pos', operationId: 'TillSales_record', apiKey: register },
  { channel: 'experience-pos', operationId: 'Returns_create', example: 'rma', apiKey: register },
  { channel: 'experience-pos', operationId: 'Returns_reject', apiKey: register },
  { channel: 'experience-pos', operationId: 'Returns_create', example: 'rma', apiKey: register },
  { channel: 'experience-pos', operationId: 'Returns_cancel', apiKey: register },
  { channel: 'experience-pos', operationId: 'Returns_create', example: 'rma', apiKey: register },
  { channel: 'experience-pos', operationId: 'Returns_receive', apiKey: register },
  { channel: 'experience-pos', operationId: 'Returns_create', example: 'storeSale', apiKey: register },
];

const OPERATIONS: Record<Channel, DocumentedOperation[]> = {
  'experience-storefront': documentedOperations('experience-storefront'),
  'experience-pos': documentedOperations('experience-pos'),
};

/** The name of the body example a step sends: the one it names, or the operation's only one. */
function exampleNameOf(step: Step, operation: DocumentedOperation): string | undefined {
  return step.example ?? Object.keys(operation.bodyExamples)[0];
}

function operationOf(step: Step): DocumentedOperation {
  const operation = OPERATIONS[step.channel].find((o) => o.operationId === step.operationId);
  if (!operation) throw new Error(`${step.channel} documents no ${step.operationId}`);
  return operation;
}

/** `value` with every documented id of a thing an earlier request made replaced by that thing's id. */
function withMadeIds<T>(value: T, made: Map<string, string>): T {
  if (value === undefined) return value;
  let json = JSON.stringify(value);
  for (const [documented, actual] of made) json = json.split(documented).join(actual);
  return JSON.parse(json) as T;
}

/**
 * Replays every documented request example of the channel APIs against a stack started as `npm start`
 * starts it (embedded PGlite and in-memory stores, the sandbox's seeded data, the development client
 * apps and keys), expecting the documented success status of each: "Try it out" works as documented.
 */
describe('the documented request examples of the channel APIs', () => {
  let stack: OrdersStack;
  const apps = {} as Record<Channel, AppProcess>;
  /** Documented id -> the id the stack gave the thing. */
  const made = new Map<string, string>([
    [DOCUMENTED_BUSINESS_DATE, new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)],
  ]);
  /** A guest order's access token, by order id. */
  const accessTokens = new Map<string, string>();
  /** The client apps that spent the documented Idempotency-Key: keys are per client app. */
  const spent = new Set<string>();

  /** Reads the last placed order until its timeline shows `step`, as a channel would watch it. */
  async function untilOrderShows(step: string): Promise<void> {
    const orderId = made.get(MADE_BY_AN_EARLIER_REQUEST.orderId)!;
    const headers = { 'x-api-key': web, 'x-order-access-token': accessTokens.get(orderId)! };
    await until(`${step} in the order's timeline`, async () => {
      const order = (await fetch(`${apps['experience-storefront'].url}/v1/pickup-orders/${orderId}`, {
        headers,
      }).then((r) => r.json())) as { timeline: { step: string }[] };
      return order.timeline.some((entry) => entry.step === step) ? true : undefined;
    });
  }

  beforeAll(async () => {
    stack = await startOrdersStack({ database: 'pglite' });
    [apps['experience-storefront'], apps['experience-pos']] = await Promise.all([
      startExperienceOver(stack, 'experience-storefront'),
      startExperienceOver(stack, 'experience-pos'),
    ]);
  }, 240_000);
  afterAll(async () => {
    await Promise.all(Object.values(apps).map((app) => app.stop()));
    await stopOrdersStack(stack);
  });

  it('covers every documented operation and every body example', () => {
    for (const channel of Object.keys(OPERATIONS) as Channel[]) {
      for (const operation of OPERATIONS[channel]) {
        const steps = STEPS.filter((s) => s.channel === channel && s.operationId === operation.operationId);
        expect({ [operation.operationId]: steps.length > 0 }).toEqual({ [operation.operationId]: true });
        // A body is documented by a whole example, so what "Try it out" sends is one the stack accepts.
        if (operation.takesBody)
          expect({ [operation.operationId]: Object.keys(operation.bodyExamples).length > 0 }).toEqual({
            [operation.operationId]: true,
          });
        for (const name of Object.keys(operation.bodyExamples))
          expect({
            [operation.operationId]: steps.some((s) => exampleNameOf(s, operation) === name),
          }).toEqual({ [operation.operationId]: true });
      }
    }
  });

  it.each(
    STEPS.map(
      (step) =>
        [`${step.channel} ${step.operationId}${step.example ? ` (${step.example})` : ''}`, step] as const,
    ),
  )('answers %s with its documented success status', async (_name, step) => {
    const operation = operationOf(step);
    if (step.after) await untilOrderShows(step.after);
    const exampleName = exampleNameOf(step, operation);
    const bodyExample = exampleName === undefined ? undefined : operation.bodyExamples[exampleName];
    if (operation.takesBody) expect(bodyExample).toBeDefined();
    const overrides: Record<string, string> = {};
    for (const parameter of operation.parameters) {
      const documented = parameter.example ?? parameter.schema?.example;
      if (typeof documented === 'string' && made.has(documented))
        overrides[parameter.name] = made.get(documented)!;
    }
    const orderId = overrides.orderId;
    if (
      orderId &&
      accessTokens.has(orderId) &&
      operation.parameters.some((p) => p.name === 'X-Order-Access-Token')
    )
      overrides['X-Order-Access-Token'] = accessTokens.get(orderId)!;
    // The documented key is for a first try, its description says: each new write takes a new one.
    const write = operation.parameters.some((p) => p.name === 'Idempotency-Key');
    if (write && spent.has(step.apiKey)) overrides['Idempotency-Key'] = randomUUID();
    if (write) spent.add(step.apiKey);
    const request = documentedRequest(operation, withMadeIds(bodyExample, made), overrides);

    const send = () =>
      fetch(`${apps[step.channel].url}${request.path}`, {
        method: request.method,
        headers: { ...request.headers, 'x-api-key': step.apiKey },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      });
    let answer = await send();
    // A till's plan allows a burst of 10 requests a second: sent faster, it waits as told and resends.
    if (answer.status === 429) {
      await setTimeout(Number(answer.headers.get('retry-after')) * 1000);
      answer = await send();
    }
    const text = await answer.text();
    // The first documented 2xx, or another the document promises too (a placement's 202).
    const status = operation.successStatuses.includes(answer.status)
      ? answer.status
      : operation.successStatuses[0];
    expect({ status: answer.status, body: answer.ok ? undefined : text }).toEqual({
      status,
      body: undefined,
    });

    const body = JSON.parse(text) as Record<string, unknown>;
    for (const [field, documented] of Object.entries(MADE_BY_AN_EARLIER_REQUEST))
      if (typeof body[field] === 'string' && step.operationId.match(/place|authorize|create/i))
        made.set(documented, body[field] as string);
    if (typeof body.orderId === 'string' && typeof body.accessToken === 'string')
      accessTokens.set(body.orderId, body.accessToken);
    // 202: the store systems were slow and placement goes on; as documented, reading the order shows how it ended.
    if (answer.status === 202 && typeof body.orderId === 'string') {
      const headers: Record<string, string> = {
        'x-api-key': step.apiKey,
        ...(accessTokens.has(body.orderId) && { 'x-order-access-token': accessTokens.get(body.orderId)! }),
      };
      const state = await until('the placement to end', async () => {
        const read = (await fetch(`${apps[step.channel].url}/v1/pickup-orders/${body.orderId as string}`, {
          headers,
        }).then((r) => r.json())) as { state: string };
        return read.state === 'PLACED' ? undefined : read.state;
      });
      expect(state).toBe('RESERVED');
    }
  });
});
