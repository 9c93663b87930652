import { type AppProcess, startApp } from '../../support/app-process';
import { DEV_KEYS, DEV_STORES, TEST_SHEDDING } from '../../support/experience-stack';
import { type Answer, LocalBackend, json, redirectTo } from '../../support/local-backend';
import {
  ACCEPTED_CALLERS,
  CALLER_KEYS,
  REDIS_URL,
  callerHeaders,
  isolatedRedisPrefix,
  stopAll,
} from '../../support/stack';
import { experienceKeys } from '../../support/experience-stack';
import { waitFor } from '../../support/wait-for';

const MEMBER = '6042685219730';
const EMAIL = 'jane.doe@example.com';
const VENDOR_MARKER = 'VENDOR-TRACE-5f3a9c';
const LIMIT_BYTES = 65_536;

/** An answer over the configured limit: a store list a quarter of a megabyte long. */
const oversize: Answer = json(200, {
  stores: Array.from({ length: 2_500 }, (_, i) => ({ storeId: `ST-${i}`, name: 'x'.repeat(90) })),
});

/** The loyalty platform as system-loyalty reads it: one member, with a name and email it must never log. */
const healthyLoyaltyPlatform: Answer = (request, response) => {
  const answer = request.url!.includes('/transactions')
    ? { items: [] }
    : {
        member: {
          memberNumber: MEMBER,
          tier: 'GOLD',
          status: 'ACTIVE',
          enrolledAt: '2024-03-01T10:00:00.000Z',
          firstName: 'Jane',
          lastName: 'Doe',
          email: EMAIL,
        },
        balance: { availablePoints: 5_400, pendingPoints: 0, lifetimePoints: 9_000 },
      };
  json(200, answer)(request, response);
};

/** A failing platform whose error body names the member, as real vendors' do. */
const failingLoyaltyPlatform = json(500, {
  errorCode: 'INTERNAL_ERROR',
  message: `sync of member ${MEMBER} (${EMAIL}) failed`,
  trace: VENDOR_MARKER,
});

async function expectBadResponse(response: Response) {
  expect(response.status).toBe(502);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(await response.json()).toMatchObject({
    type: 'https://omnigate.dev/problems/upstream-bad-response',
    status: 502,
  });
}

describe('answers from hostile upstreams', () => {
  /** Where a followed redirect would land: it must never hear from us. */
  const elsewhere = new LocalBackend(json(200, {}));
  /** The system and process APIs as experience-storefront sees them. */
  const systemApis = new LocalBackend();
  /** The loyalty platform behind system-loyalty. */
  const loyaltyPlatform = new LocalBackend();
  let storefront: AppProcess;
  let loyalty: AppProcess;

  beforeAll(async () => {
    await Promise.all([elsewhere.start(), systemApis.start(), loyaltyPlatform.start()]);
    [storefront, loyalty] = await Promise.all([
      startApp('experience-storefront', {
        LOG_LEVEL: 'warn',
        ...experienceKeys('experience-storefront'),
        SYSTEM_ERP_URL: systemApis.url,
        SYSTEM_POS_URL: systemApis.url,
        SYSTEM_LOYALTY_URL: systemApis.url,
        PROCESS_ORDERS_URL: systemApis.url,
        SYSTEM_API_MAX_BODY_BYTES: String(LIMIT_BYTES),
        REDIS_URL,
        REDIS_KEY_PREFIX: isolatedRedisPrefix(),
        ...TEST_SHEDDING,
      }),
      startApp('system-loyalty', {
        BACKEND_URL: loyaltyPlatform.url,
        INTERNAL_CALLER_KEY_DIGESTS: ACCEPTED_CALLERS,
        BACKEND_MAX_BODY_BYTES: String(LIMIT_BYTES),
        // Every read goes to the platform, and a failed one falls back to the last answer (and logs why).
        MEMBER_TTL_S: '0',
        RETRY_ATTEMPTS: '1',
      }),
    ]);
  });
  afterAll(async () => {
    await stopAll(storefront, loyalty);
    await Promise.all([elsewhere.close(), systemApis.close(), loyaltyPlatform.close()]);
  });

  const availability = () =>
    fetch(`${storefront.url}/v1/stores/${DEV_STORES[0]}/availability?skus=55592108`, {
      headers: { 'x-api-key': DEV_KEYS.web },
    });
  const member = (memberId: string) =>
    fetch(`${loyalty.url}/v1/members/${memberId}`, { headers: callerHeaders('process-orders') });

  it('does not follow a redirect of a system API, so the service key goes nowhere else', async () => {
    systemApis.answerWith(redirectTo(`${elsewhere.url}/v1/stores`));
    const before = systemApis.received.length;

    await expectBadResponse(await availability());

    const sent = systemApis.received.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].headers['x-service-key']).toBe(CALLER_KEYS['experience-storefront']);
    expect(elsewhere.received).toEqual([]);
  });

  it('refuses an oversize answer of a system API as a bad response and keeps serving', async () => {
    systemApis.answerWith(oversize);
    const before = systemApis.received.length;

    await expectBadResponse(await availability());

    expect(systemApis.received.length - before).toBe(1);
    expect((await fetch(`${storefront.url}/health/live`)).status).toBe(200);
    await expectBadResponse(await availability());
  });

  it('does not follow a redirect of a vendor either', async () => {
    loyaltyPlatform.answerWith(redirectTo(`${elsewhere.url}/members/6000000000017`, 307));

    await expectBadResponse(await member('6000000000017'));

    expect(elsewhere.received).toEqual([]);
  });

  it('refuses an oversize vendor answer as a bad response and keeps serving', async () => {
    loyaltyPlatform.answerWith(oversize);

    await expectBadResponse(await member('6000000000025'));

    expect((await fetch(`${loyalty.url}/health/live`)).status).toBe(200);
  });

  it('keeps the vendor answer and the member it names out of the logs', async () => {
    loyaltyPlatform.answerWith(healthyLoyaltyPlatform);
    expect((await member(MEMBER)).status).toBe(200);
    loyaltyPlatform.answerWith(failingLoyaltyPlatform);

    const stale = await member(MEMBER);
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-cache')).toBe('STALE');

    // The fallback logs the backend's failure: the line the vendor body used to ride on.
    const logged = await waitFor(
      async () => loyalty.logs.find((line) => line.msg === 'backend failed; serving stale'),
      'the stale fallback log line',
    );
    expect(logged).toMatchObject({
      level: 'warn',
      err: { type: 'UpstreamError', backend: 'loyalty', failure: 'unavailable', status: 500 },
    });
    const everything = JSON.stringify(loyalty.logs) + loyalty.stderr();
    expect(everything).not.toContain(VENDOR_MARKER);
    expect(everything).not.toContain(MEMBER);
    expect(everything).not.toContain(EMAIL);
  });
});
