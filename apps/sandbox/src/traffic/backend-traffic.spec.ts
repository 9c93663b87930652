import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { changeFaults, resetSandbox, startSandbox, type SeedSummary } from '../sandbox-test-app.fixture';

const PRODUCT = (sku: string) => `/erp/sap/opu/odata/sap/API_PRODUCT_SRV/A_Product('${sku}')`;
const MEMBER = (memberNumber: string) => `/loyalty/api/v2/members/${memberNumber}`;

describe('backend faults, quotas and the traffic record', () => {
  let app: NestFastifyApplication;
  let seed: SeedSummary;

  beforeAll(async () => {
    app = await startSandbox();
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    seed = await resetSandbox(app);
  });

  const counters = async () => (await app.inject({ method: 'GET', url: '/_admin/counters' })).json();
  const calls = async (query: string) =>
    (await app.inject({ method: 'GET', url: `/_admin/calls?${query}` })).json().calls;
  const activeMember = () => seed.members.find((m) => m.status === 'ACTIVE' && m.points >= 1000)!;

  it('answers 429 with Retry-After beyond maxConcurrent in flight, and reports the high-water mark', async () => {
    await changeFaults(app, 'erp', { latencyMs: 100, quota: { maxConcurrent: 2, perWindow: 0 } });
    const answers = await Promise.all(
      seed.skus.slice(0, 5).map((sku) => app.inject({ method: 'GET', url: PRODUCT(sku) })),
    );
    const refused = answers.filter((a) => a.statusCode === 429);
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(2);
    expect(refused).toHaveLength(3);
    expect(refused[0].headers['retry-after']).toBe('1');
    expect(refused[0].json()).toEqual({
      error: { code: 'RATE_LIMITED', message: { lang: 'en', value: expect.any(String) } },
    });

    const erp = (await counters()).erp;
    expect(erp).toMatchObject({
      total: 5,
      refused: 3,
      refusedByStatus: { '429': 3 },
      maxInFlight: 2,
      inFlight: 0,
    });
    expect(erp.operations["GET A_Product('{Product}')"]).toEqual({ calls: 5, refused: 3 });
  });

  it('answers 429 beyond the calls allowed per window, with the seconds left in the window', async () => {
    await changeFaults(app, 'pos', { quota: { perWindow: 3, windowMs: 5000 } });
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await app.inject({ method: 'GET', url: '/pos-bo/api/stores' });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThanOrEqual(4);
    expect(last!.json()).toEqual({ error: 'rate_limited', message: expect.any(String) });
  });

  it('answers exactly the next N calls 429 when forced', async () => {
    await changeFaults(app, 'loyalty', { force429: 2, force429RetryAfterS: 7 });
    const member = activeMember().memberNumber;
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await app.inject({ method: 'GET', url: MEMBER(member) }));
    expect(answers.map((a) => a.statusCode)).toEqual([429, 429, 200]);
    expect(answers[0].headers['retry-after']).toBe('7');
    expect(answers[0].json()).toEqual({ errorCode: 'RATE_LIMITED', message: expect.any(String) });
    expect((await app.inject({ method: 'GET', url: '/_admin/faults' })).json().loyalty.force429).toBe(0);
  });

  it('answers 503 with Retry-After during maintenance', async () => {
    await changeFaults(app, 'oms', { maintenance: true, maintenanceRetryAfterS: 45 });
    const answer = await app.inject({ method: 'GET', url: '/oms/v1/orders/SO1' });
    expect(answer.statusCode).toBe(503);
    expect(answer.headers['retry-after']).toBe('45');
    expect(answer.json()).toEqual({ code: 'SERVICE_UNAVAILABLE', message: expect.any(String) });
  });

  it('changes nothing while a backend is out', async () => {
    const member = activeMember();
    await changeFaults(app, 'loyalty', { outage: true });
    const redeem = await app.inject({
      method: 'POST',
      url: `${MEMBER(member.memberNumber)}/redemptions`,
      payload: { reference: 'R-1', points: 100 },
    });
    expect(redeem.statusCode).toBe(500);
    expect(redeem.json()).toEqual({ errorCode: 'INTERNAL_ERROR', message: expect.any(String) });

    await changeFaults(app, 'loyalty', { outage: false });
    const profile = (await app.inject({ method: 'GET', url: MEMBER(member.memberNumber) })).json();
    expect(profile.balance.availablePoints).toBe(member.points);
    const retried = await app.inject({
      method: 'POST',
      url: `${MEMBER(member.memberNumber)}/redemptions`,
      payload: { reference: 'R-1', points: 100 },
    });
    expect(retried.statusCode).toBe(201);
  });

  it('answers every call 500 at an error rate of 1', async () => {
    await changeFaults(app, 'pos', { errorRate: 1 });
    const answer = await app.inject({ method: 'GET', url: '/pos-bo/api/stores' });
    expect(answer.statusCode).toBe(500);
    expect(answer.json()).toEqual({ error: 'internal_error', message: expect.any(String) });
  });

  it('waits out latency without holding up other calls', async () => {
    await changeFaults(app, 'erp', { latencyMs: 300 });
    const finished: string[] = [];
    await Promise.all([
      app.inject({ method: 'GET', url: PRODUCT(seed.skus[0]) }).then(() => finished.push('erp')),
      app.inject({ method: 'GET', url: '/pos-bo/api/stores' }).then(() => finished.push('pos')),
    ]);
    expect(finished).toEqual(['pos', 'erp']);
  });

  it('records every call with its trace headers and write body, newest last, and not the admin calls', async () => {
    const member = activeMember().memberNumber;
    await app.inject({
      method: 'GET',
      url: MEMBER(member),
      headers: { traceparent: '00-abc-def-01', 'x-correlation-id': 'corr-1', authorization: 'secret' },
    });
    await app.inject({
      method: 'POST',
      url: `${MEMBER(member)}/accruals`,
      payload: { reference: 'A-1', points: 10 },
    });
    await app.inject({ method: 'GET', url: '/pos-bo/api/stores' });

    const loyalty = await calls('backend=loyalty');
    expect(loyalty).toEqual([
      {
        backend: 'loyalty',
        operation: 'GET members/{memberNumber}',
        method: 'GET',
        path: MEMBER(member),
        status: 200,
        receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*\.\d{3}Z$/),
        finishedAt: expect.any(String),
        headers: { traceparent: '00-abc-def-01', 'x-correlation-id': 'corr-1' },
      },
      expect.objectContaining({
        operation: 'POST members/{memberNumber}/accruals',
        status: 201,
        body: { reference: 'A-1', points: 10 },
      }),
    ]);
    expect(await calls('operation=GET%20stores')).toHaveLength(1);
    expect(await calls('limit=1')).toEqual([expect.objectContaining({ backend: 'pos' })]);
    expect((await calls('limit=100')).some((c: { path: string }) => c.path.startsWith('/_admin'))).toBe(
      false,
    );
  });

  it('clears counters and the high-water mark', async () => {
    await app.inject({ method: 'GET', url: '/pos-bo/api/stores' });
    expect((await counters()).pos.total).toBe(1);
    await app.inject({ method: 'DELETE', url: '/_admin/counters' });
    expect((await counters()).pos).toMatchObject({ total: 0, refused: 0, maxInFlight: 0, operations: {} });
  });

  it('merges a partial change into the fault settings and refuses unknown or out-of-range fields', async () => {
    const merged = await app.inject({
      method: 'PUT',
      url: '/_admin/faults/erp',
      payload: { quota: { perWindow: 50 } },
    });
    expect(merged.json().quota).toEqual({ maxConcurrent: 8, perWindow: 50, windowMs: 1000 });
    expect(
      (await app.inject({ method: 'PUT', url: '/_admin/faults/erp', payload: { latencyMs: 5, slowness: 1 } }))
        .statusCode,
    ).toBe(400);
    expect(
      (await app.inject({ method: 'PUT', url: '/_admin/faults/erp', payload: { errorRate: 2 } })).statusCode,
    ).toBe(400);
    expect(
      (await app.inject({ method: 'PUT', url: '/_admin/faults/erp', payload: { quota: { burst: 1 } } }))
        .statusCode,
    ).toBe(400);
    expect((await app.inject({ method: 'PUT', url: '/_admin/faults/crm', payload: {} })).statusCode).toBe(
      404,
    );
  });

  it('restores default faults and the seeded world on reset', async () => {
    const member = activeMember();
    await app.inject({
      method: 'POST',
      url: `${MEMBER(member.memberNumber)}/accruals`,
      payload: { reference: 'A-2', points: 10 },
    });
    await changeFaults(app, 'erp', { outage: true, quota: { maxConcurrent: 1 } });
    await app.inject({ method: 'POST', url: '/_admin/reset' });

    const faults = (await app.inject({ method: 'GET', url: '/_admin/faults' })).json();
    expect(faults.erp).toMatchObject({
      latencyMs: 20,
      outage: false,
      quota: { maxConcurrent: 8, perWindow: 200, windowMs: 1000 },
    });
    expect(faults.loyalty).toMatchObject({ latencyMs: 5, quota: { maxConcurrent: 0, perWindow: 100 } });
    expect(await calls('limit=10')).toEqual([]);
    const profile = (await app.inject({ method: 'GET', url: MEMBER(member.memberNumber) })).json();
    expect(profile.balance.availablePoints).toBe(member.points);
  });
});
