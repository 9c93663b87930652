import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, Socket } from 'node:net';
import pino from 'pino';
import { runWithRequestContext } from '@omnigate/observability';
import { UpstreamError } from '@omnigate/problems';
import type { BackendOptions } from './backend-options';
import { ResilientHttpClient } from './resilient-http-client';

type Answer = { status: number; body: object } | 'never';

/** A backend that answers each request with the next scripted answer; `never` holds it past the client's timeout. */
class ScriptedBackend {
  private server!: Server;
  private script: Answer[] = [];
  readonly seen: string[] = [];
  /** The deadline headers of each request seen: what a hop below is told of its caller's time. */
  readonly told: { budget?: string; deadline?: string }[] = [];
  private held: ServerResponse[] = [];

  async start(): Promise<string> {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      this.seen.push(`${request.method} ${request.headers['idempotency-key'] ?? ''}`);
      this.told.push({
        budget: request.headers['x-request-budget-ms'] as string | undefined,
        deadline: request.headers['x-request-deadline'] as string | undefined,
      });
      const next = this.script.shift() ?? { status: 500, body: { type: 'unscripted' } };
      if (next === 'never') {
        this.held.push(response);
        return;
      }
      response.writeHead(next.status, { 'content-type': 'application/json' }).end(JSON.stringify(next.body));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  answer(...script: Answer[]): void {
    this.script = script;
    this.seen.length = 0;
    this.told.length = 0;
  }

  async stop(): Promise<void> {
    this.held.forEach((r) => r.destroy());
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A client of `baseUrl` whose breaker never opens here unless `breaker` says so: the refusals under test come from the backend. */
function clientOf(
  baseUrl: string,
  options: Pick<BackendOptions, 'backend' | 'timeoutMs' | 'maxSockets' | 'retry'>,
  breaker: BackendOptions['breaker'] = {
    volumeThreshold: 1_000,
    errorThresholdPercentage: 100,
    resetTimeoutMs: 1_000,
    rollingWindowMs: 10_000,
  },
): ResilientHttpClient {
  return new ResilientHttpClient(
    {
      ...options,
      baseUrl,
      maxBodyBytes: 65_536,
      breaker,
      internal: true,
    },
    pino({ level: 'silent' }),
  );
}

const busy = { status: 503, body: { type: 'https://omnigate.dev/problems/process-overloaded' } };
const keyInFlight = {
  status: 409,
  body: { type: 'https://omnigate.dev/problems/idempotency-key-in-flight' },
};
const accepted = { status: 202, body: { orderId: 'po_1', state: 'PLACED' } };

describe('ResilientHttpClient, a write whose attempt timed out', () => {
  const backend = new ScriptedBackend();
  let client: ResilientHttpClient;

  beforeAll(async () => {
    client = clientOf(await backend.start(), {
      backend: 'process-orders',
      timeoutMs: 150,
      maxSockets: 4,
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1_000 },
    });
  });
  afterAll(async () => {
    client.shutdown();
    await backend.stop();
  });

  const place = (method: 'POST' | 'GET' = 'POST') =>
    client
      .call({
        operation: 'place pickup order',
        method,
        path: '/v1/pickup-orders',
        ...(method === 'POST' && { body: {} }),
        headers: { 'idempotency-key': 'k-1' },
        idempotent: true,
        acceptStatuses: [409, 429, 503],
      })
      .catch((error: unknown) => error);

  it.each([
    ['a busy backend (503)', busy],
    ['the first attempt still running uncommitted (409 key in flight)', keyInFlight],
  ])('stays a timeout, outcome unknown, when the retry is refused by %s', async (_case, refusal) => {
    backend.answer('never', refusal);
    const outcome = await place();
    expect(outcome).toBeInstanceOf(UpstreamError);
    expect(outcome).toMatchObject({ failure: 'timeout' });
    expect(backend.seen).toEqual(['POST k-1', 'POST k-1']);
  });

  it("answers with the retry's answer when it tells what became of the write (202, the order going on)", async () => {
    backend.answer('never', accepted);
    expect(await place()).toMatchObject({ status: 202, data: accepted.body });
  });

  it('hands a read the refusal of its retry: a read changes nothing, so nothing is unknown', async () => {
    backend.answer('never', busy);
    expect(await place('GET')).toMatchObject({ status: 503, data: busy.body });
  });

  it("tells the next hop what is left of the caller's time twice: a budget, and the instant it runs out", async () => {
    backend.answer(accepted);
    const deadlineAt = Date.now() + 140;
    await runWithRequestContext({ correlationId: 'c-1', deadlineAt }, () => place());
    const [{ budget, deadline }] = backend.told;
    // What is left of the caller's 140 ms (below the client's 150), less the 50 ms kept for the way back.
    expect(Number(budget)).toBeGreaterThan(0);
    expect(Number(budget)).toBeLessThanOrEqual(90);
    expect(Number(deadline)).toBe(deadlineAt - 50);
    // Without a caller's deadline the client's own timeout is what the hop below may spend.
    backend.answer(accepted);
    const sentAfter = Date.now();
    await place();
    expect(backend.told[0].budget).toBe('100');
    expect(Number(backend.told[0].deadline) - 100).toBeGreaterThanOrEqual(sentAfter);
  });

  it('hands a write the refusal of a first attempt that did answer', async () => {
    backend.answer(busy);
    expect(await place()).toMatchObject({ status: 503 });
    expect(backend.seen).toEqual(['POST k-1']);
  });
});

describe('ResilientHttpClient, a kept-alive backend connection', () => {
  const backend = new ScriptedBackend();
  let client: ResilientHttpClient;

  beforeAll(async () => {
    client = clientOf(await backend.start(), {
      backend: 'erp',
      timeoutMs: 1_000,
      maxSockets: 1,
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1_000 },
    });
  });
  afterAll(async () => {
    client.shutdown();
    await backend.stop();
    jest.restoreAllMocks();
  });

  it('asks its socket for one keep-alive delay on every call, so Node sets it once, not twice per call', async () => {
    // Node's setKeepAlive calls the kernel only when the delay asked for differs from the last one.
    const delaysBySocket = new Map<Socket, number[]>();
    jest.spyOn(Socket.prototype, 'setKeepAlive').mockImplementation(function (
      this: Socket,
      enable?: boolean,
      initialDelay?: number,
    ) {
      delaysBySocket.set(this, [...(delaysBySocket.get(this) ?? []), initialDelay ?? 0]);
      return this;
    });
    const calls = 5;
    backend.answer(...Array.from({ length: calls }, () => ({ status: 200, body: { ok: true } })));
    for (let i = 0; i < calls; i++)
      expect(
        await client.call({ operation: 'read stock', method: 'GET', path: '/stock', idempotent: true }),
      ).toMatchObject({
        status: 200,
      });

    expect(delaysBySocket.size).toBe(1);
    const [delays] = [...delaysBySocket.values()];
    expect(delays.length).toBeGreaterThanOrEqual(calls);
    expect(new Set(delays).size).toBe(1);
  });
});

describe('ResilientHttpClient, the stats of its breakers', () => {
  const backend = new ScriptedBackend();
  let client: ResilientHttpClient;

  beforeAll(async () => {
    client = clientOf(
      await backend.start(),
      {
        backend: 'erp',
        timeoutMs: 1_000,
        maxSockets: 1,
        retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1_000 },
      },
      { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 60_000, rollingWindowMs: 10_000 },
    );
  });
  afterAll(async () => {
    client.shutdown();
    await backend.stop();
  });

  const read = () =>
    client
      .call({ operation: 'read stock', method: 'GET', path: '/stock', idempotent: true })
      .catch((error: unknown) => error);
  const failed = { status: 500, body: { type: 'broken' } };

  it('counts failures and refusals over its window, not back-pressure, and stamps the moment it opened', async () => {
    backend.answer({ status: 200, body: {} });
    await read();
    expect(client.breakerStats()).toEqual({
      'read stock': { state: 'closed', calls: 1, failures: 0, rejects: 0, windowMs: 10_000, changedAt: null },
    });

    // A 429 is "not now": not a failure. Three 500s of five calls are over half: the breaker opens.
    backend.answer({ status: 429, body: {} }, failed, failed, failed);
    const before = Date.now();
    for (let i = 0; i < 4; i++) await read();
    const after = Date.now();
    expect(await read()).toMatchObject({ failure: 'circuit-open' });
    const stats = client.breakerStats()['read stock'];
    expect(stats).toMatchObject({ state: 'open', calls: 6, failures: 3, rejects: 1 });
    expect(Date.parse(stats.changedAt!)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(stats.changedAt!)).toBeLessThanOrEqual(after);
    expect(client.breakerStates()).toEqual({ 'read stock': 'open' });
  });
});
