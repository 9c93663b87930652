import { randomUUID } from 'node:crypto';
import type { AppProcess } from '../support/app-process';
import {
  DEV_KEYS,
  DEV_STORES,
  type SystemStack,
  getWithKey,
  startExperienceApp,
  startSystemStack,
} from '../support/experience-stack';
import { stopAll } from '../support/stack';
import { waitFor } from '../support/wait-for';

const MEMBER = '6042685219730';

describe('access log: one short line per request', () => {
  let stack: SystemStack;
  let json: AppProcess;
  let pretty: AppProcess;
  let sku: string;

  beforeAll(async () => {
    stack = await startSystemStack();
    [json, pretty] = await Promise.all([
      startExperienceApp('experience-storefront', stack, { LOG_LEVEL: 'info' }),
      startExperienceApp('experience-storefront', stack, { LOG_LEVEL: 'info', LOG_FORMAT: 'pretty' }),
    ]);
    sku = (await stack.sandbox.seed()).skus[0];
  });
  afterAll(() => stopAll(json, pretty, ...stack.apps));

  const linesOf = (app: AppProcess, correlationId: string) =>
    app.logs.filter((l) => l.correlationId === correlationId && l.msg === 'request completed');
  /** The access line of the request with this correlation id, once the app has written it. */
  const lineOf = (app: AppProcess, correlationId: string) =>
    waitFor(async () => linesOf(app, correlationId)[0], `the access line of ${correlationId}`);

  it('logs method, route template, status, duration, client app and correlation id as JSON, and nothing else of the request', async () => {
    const correlationId = `acc-${randomUUID()}`;
    const answer = await getWithKey(
      json,
      `/v1/stores/${DEV_STORES[0]}/availability?skus=${sku}`,
      DEV_KEYS.web,
      { 'x-correlation-id': correlationId },
    );
    expect(answer.status).toBe(200);
    const line = await lineOf(json, correlationId);
    expect(linesOf(json, correlationId)).toHaveLength(1);
    expect(line).toMatchObject({
      level: 'info',
      service: 'experience-storefront',
      method: 'GET',
      route: '/v1/stores/:storeId/availability',
      status: 200,
      durationMs: expect.any(Number),
      clientAppId: 'dev-storefront-web',
      correlationId,
    });
    const allowed = [
      'level',
      'time',
      'service',
      'msg',
      'method',
      'route',
      'status',
      'durationMs',
      'clientAppId',
      'correlationId',
      'traceId',
      'spanId',
    ];
    expect(Object.keys(line).filter((key) => !allowed.includes(key))).toEqual([]);
    expect(JSON.stringify(line)).not.toMatch(new RegExp(`${DEV_STORES[0]}|${sku}|${DEV_KEYS.web}`));
  });

  it('logs the route of a member read, never the member number in its path', async () => {
    const correlationId = `acc-${randomUUID()}`;
    await getWithKey(json, `/v1/loyalty/members/${MEMBER}`, DEV_KEYS.service, {
      'x-correlation-id': correlationId,
    });
    expect(await lineOf(json, correlationId)).toMatchObject({
      route: '/v1/loyalty/members/:memberId',
      clientAppId: 'dev-customer-service',
    });
    expect(JSON.stringify(json.logs)).not.toContain(MEMBER);
  });

  it('logs a refused caller without a client app, and no line for the liveness probe', async () => {
    const correlationId = `acc-${randomUUID()}`;
    expect(
      (
        await getWithKey(json, `/v1/stores/${DEV_STORES[0]}/availability?skus=${sku}`, undefined, {
          'x-correlation-id': correlationId,
        })
      ).status,
    ).toBe(401);
    const refused = await lineOf(json, correlationId);
    expect(refused).toMatchObject({ status: 401, route: '/v1/stores/:storeId/availability' });
    expect(refused).not.toHaveProperty('clientAppId');
    const probeId = `acc-${randomUUID()}`;
    await fetch(`${json.url}/health/live`, { headers: { 'x-correlation-id': probeId } });
    await fetch(`${json.url}/health/live`);
    expect(json.logs.some((l) => l.correlationId === probeId)).toBe(false);
  });

  it('writes the same request as one readable line with LOG_FORMAT=pretty', async () => {
    const correlationId = `acc-${randomUUID()}`;
    await getWithKey(pretty, `/v1/stores/${DEV_STORES[0]}/availability?skus=${sku}`, DEV_KEYS.web, {
      'x-correlation-id': correlationId,
    });
    const line = await waitFor(
      async () =>
        pretty
          .stderr()
          .split('\n')
          .find((l) => l.endsWith(correlationId)),
      'the readable access line',
    );
    expect(line).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO  experience-storefront GET \/v1\/stores\/:storeId\/availability 200 \d+ms dev-storefront-web acc-/,
    );
    expect(pretty.logs).toEqual([]);
  });
});
