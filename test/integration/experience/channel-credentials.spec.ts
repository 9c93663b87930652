import { LocalOauthServer } from '../../../libs/auth/test/local-oauth-server';
import { removeTestRegistries, writeTestRegistry } from '../../../libs/auth/test/registry-fixture';
import type { AppProcess } from '../../support/app-process';
import { startApp } from '../../support/app-process';
import {
  DEV_KEYS,
  DEV_STORES,
  type SystemStack,
  getWithKey,
  startExperienceApp,
  startSystemStack,
} from '../../support/experience-stack';
import { ACCEPTED_CALLERS, CALLER_KEYS, callerHeaders, scraperHeaders, stopAll } from '../../support/stack';

const MAX_TOKEN_AGE_S = 600;

const problemType = (slug: string) => `https://omnigate.dev/problems/${slug}`;

async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return { status: response.status, type: ((await response.json()) as { type: string }).type };
}

describe('channel credentials at the edge', () => {
  let stack: SystemStack;
  let oauth: LocalOauthServer;
  let storefront: AppProcess;
  let pos: AppProcess;
  let processOrders: AppProcess;
  let narrowStorefront: AppProcess;
  let sku: string;
  let memberId: string;
  let otherMemberId: string;

  beforeAll(async () => {
    [stack, oauth] = await Promise.all([startSystemStack(), LocalOauthServer.start()]);
    const oauthEnv = {
      OAUTH_JWKS_URL: oauth.url,
      OAUTH_ISSUER: oauth.issuer,
      OAUTH_AUDIENCE: oauth.audience,
      OAUTH_MAX_TOKEN_AGE_S: String(MAX_TOKEN_AGE_S),
    };
    // A registry whose storefront-web channel may only read availability, whatever a token of its app claims.
    const narrowRegistry = writeTestRegistry(undefined, (raw) => {
      raw.channelScopes = { 'storefront-web': ['availability:read'] };
    });
    [storefront, pos, processOrders, narrowStorefront] = await Promise.all([
      startExperienceApp('experience-storefront', stack, oauthEnv),
      startExperienceApp('experience-pos', stack),
      startApp('process-orders', {
        LOG_LEVEL: 'warn',
        INTERNAL_CALLER_KEY_DIGESTS: ACCEPTED_CALLERS,
        INTERNAL_SERVICE_KEY: CALLER_KEYS['process-orders'],
      }),
      startExperienceApp('experience-storefront', stack, {
        ...oauthEnv,
        CLIENT_APP_REGISTRY_FILE: narrowRegistry.file,
      }),
    ]);
    const seed = await stack.sandbox.seed();
    sku = seed.skus[0];
    [memberId, otherMemberId] = seed.members.filter((m) => m.status === 'ACTIVE').map((m) => m.memberNumber);
  });
  afterAll(async () => {
    await stopAll(storefront, pos, processOrders, narrowStorefront, ...stack.apps);
    await oauth.close();
    removeTestRegistries();
  });

  const storeAvailability = (storeId: string) => `/v1/stores/${storeId}/availability?skus=${sku}`;
  const posPrices = (storeId: string) => `/v1/stores/${storeId}/prices?skus=${sku}`;

  it('answers 401 with a challenge when no credential is presented', async () => {
    const response = await getWithKey(storefront, storeAvailability(DEV_STORES[0]));
    expect(await problemOf(response)).toEqual({ status: 401, type: problemType('credentials-missing') });
    expect(response.headers.get('www-authenticate')).toContain('ApiKey');
    expect((await problemOf(await getWithKey(pos, posPrices(DEV_STORES[0])))).status).toBe(401);
  });

  it('refuses a storefront key on the POS API', async () => {
    const response = await getWithKey(pos, posPrices(DEV_STORES[0]), DEV_KEYS.web);
    expect(await problemOf(response)).toEqual({ status: 403, type: problemType('channel-not-allowed') });
  });

  it('refuses a POS key on the storefront API', async () => {
    const response = await getWithKey(
      storefront,
      storeAvailability(DEV_STORES[0]),
      DEV_KEYS.posStore1Register,
    );
    expect(await problemOf(response)).toEqual({ status: 403, type: problemType('channel-not-allowed') });
  });

  it.each(Object.entries(DEV_KEYS))(
    'refuses the %s channel key on the system and process APIs',
    async (_name, key) => {
      const calls = [
        getWithKey(stack.erp, `/v1/inventory/stores/${DEV_STORES[0]}?skus=${sku}`, key),
        getWithKey(stack.pos, `/v1/stores/${DEV_STORES[0]}/prices?skus=${sku}`, key),
        getWithKey(stack.loyalty, `/v1/members/${memberId}`, key),
        getWithKey(processOrders, `/v1/members/${memberId}/points-holds`, key),
      ];
      for (const response of await Promise.all(calls)) {
        expect(await problemOf(response)).toEqual({
          status: 403,
          type: problemType('channel-credential-refused'),
        });
      }
    },
  );

  it('lets internal callers with their own key through to the system APIs, and keeps health and docs public', async () => {
    for (const caller of ['experience-storefront', 'experience-pos', 'process-orders'] as const) {
      expect(
        (
          await getWithKey(
            stack.erp,
            `/v1/inventory/stores/${DEV_STORES[0]}?skus=${sku}`,
            undefined,
            callerHeaders(caller),
          )
        ).status,
      ).toBe(200);
    }
    expect((await getWithKey(stack.erp, `/v1/inventory/stores/${DEV_STORES[0]}?skus=${sku}`)).status).toBe(
      401,
    );
    for (const app of [stack.erp, stack.pos, stack.loyalty, storefront, pos]) {
      expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
      expect((await fetch(`${app.url}/docs`)).status).toBe(200);
      expect((await fetch(`${app.url}/docs-json`)).status).toBe(200);
    }
  });

  describe('/metrics', () => {
    const apps = () => [storefront, pos, stack.erp, processOrders];

    it('is refused without the scraper key, with a challenge', async () => {
      for (const app of apps()) {
        const response = await fetch(`${app.url}/metrics`);
        expect(await problemOf(response)).toEqual({ status: 401, type: problemType('credentials-missing') });
        expect(response.headers.get('www-authenticate')).toContain('Bearer');
      }
    });

    it("is refused with a channel's key, a wrong key, or the scraper key in the wrong header", async () => {
      for (const app of apps()) {
        const asChannel = await fetch(`${app.url}/metrics`, {
          headers: { authorization: `Bearer ${DEV_KEYS.web}` },
        });
        expect(await problemOf(asChannel)).toEqual({ status: 401, type: problemType('credentials-invalid') });
        const apiKeyHeader = await fetch(`${app.url}/metrics`, { headers: { 'x-api-key': DEV_KEYS.web } });
        expect((await problemOf(apiKeyHeader)).status).toBe(401);
        const serviceKeyHeader = await fetch(`${app.url}/metrics`, {
          headers: callerHeaders('metrics-scraper'),
        });
        expect((await problemOf(serviceKeyHeader)).status).toBe(401);
      }
    });

    it("is refused with another internal caller's key", async () => {
      for (const app of apps()) {
        for (const caller of ['operator', 'experience-storefront'] as const) {
          const response = await fetch(`${app.url}/metrics`, {
            headers: { authorization: `Bearer ${CALLER_KEYS[caller]}` },
          });
          expect(await problemOf(response)).toEqual({
            status: 403,
            type: problemType('internal-caller-not-allowed'),
          });
        }
      }
    });

    it('is served to the metrics scraper and to the control tower, each with its own key', async () => {
      for (const app of apps()) {
        const asTower = await fetch(`${app.url}/metrics`, {
          headers: { authorization: `Bearer ${CALLER_KEYS['control-tower']}` },
        });
        expect(asTower.status).toBe(200);
        expect(await asTower.text()).toContain('omnigate_http_request_duration_seconds');
        const response = await fetch(`${app.url}/metrics`, { headers: scraperHeaders() });
        expect(response.status).toBe(200);
        expect(await response.text()).toContain('omnigate_http_request_duration_seconds');
      }
    });
  });

  it("lets a POS key read its own store and refuses another store's", async () => {
    expect((await getWithKey(pos, posPrices(DEV_STORES[0]), DEV_KEYS.posStore1Register)).status).toBe(200);
    expect((await getWithKey(pos, storeAvailability(DEV_STORES[1]), DEV_KEYS.posStore2Register)).status).toBe(
      200,
    );
    for (const path of [posPrices(DEV_STORES[1]), storeAvailability(DEV_STORES[1])]) {
      expect(await problemOf(await getWithKey(pos, path, DEV_KEYS.posStore1Register))).toEqual({
        status: 403,
        type: problemType('store-not-permitted'),
      });
      expect(await problemOf(await getWithKey(pos, path, DEV_KEYS.posStoreServer))).toEqual({
        status: 403,
        type: problemType('store-not-permitted'),
      });
    }
  });

  it('accepts the old and the new key during a rotation, and refuses the revoked one', async () => {
    expect((await getWithKey(storefront, storeAvailability(DEV_STORES[0]), DEV_KEYS.web)).status).toBe(200);
    expect((await getWithKey(storefront, storeAvailability(DEV_STORES[0]), DEV_KEYS.webNext)).status).toBe(
      200,
    );
    const revoked = await getWithKey(storefront, storeAvailability(DEV_STORES[0]), DEV_KEYS.webRevoked);
    expect(await problemOf(revoked)).toEqual({ status: 401, type: problemType('credentials-invalid') });
  });

  describe('OAuth bearer tokens', () => {
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const claims = { client_id: 'dev-storefront-web', scope: 'availability:read loyalty:read' };

    it('accepts a valid token of a registered client app', async () => {
      const token = await oauth.issue(claims);
      expect(
        (await getWithKey(storefront, storeAvailability(DEV_STORES[0]), undefined, bearer(token))).status,
      ).toBe(200);
    });

    it('answers 401 for an expired token, a wrong audience, a wrong issuer and a foreign signing key', async () => {
      const tokens = [
        await oauth.issue(claims, { expiresInS: -120 }),
        await oauth.issue(claims, { audience: 'another-api' }),
        await oauth.issue(claims, { issuer: 'https://evil.example/' }),
        await oauth.issueWithForeignKey(claims),
      ];
      for (const token of tokens) {
        const response = await getWithKey(
          storefront,
          storeAvailability(DEV_STORES[0]),
          undefined,
          bearer(token),
        );
        expect(await problemOf(response)).toEqual({ status: 401, type: problemType('credentials-invalid') });
      }
    });

    it("caps a token's scopes at what the registry gives its channel", async () => {
      const token = await oauth.issue({ client_id: 'web-oauth', scope: 'availability:read loyalty:read' });
      expect(
        (await getWithKey(narrowStorefront, storeAvailability(DEV_STORES[0]), undefined, bearer(token)))
          .status,
      ).toBe(200);
      const member = await getWithKey(
        narrowStorefront,
        `/v1/loyalty/members/${memberId}`,
        undefined,
        bearer(token),
      );
      expect(await problemOf(member)).toEqual({ status: 403, type: problemType('scope-missing') });
      // The same claim is honoured where the registry grants the channel that scope.
      const memberToken = await oauth.issue({ ...claims, member_id: memberId });
      expect(
        (await getWithKey(storefront, `/v1/loyalty/members/${memberId}`, undefined, bearer(memberToken)))
          .status,
      ).toBe(200);
    });

    it('refuses a token that is not an at+jwt access token, such as an ID token', async () => {
      for (const typ of ['JWT', null]) {
        const response = await getWithKey(
          storefront,
          storeAvailability(DEV_STORES[0]),
          undefined,
          bearer(await oauth.issue(claims, { typ })),
        );
        expect(await problemOf(response)).toEqual({
          status: 401,
          type: problemType('token-type-not-accepted'),
        });
        expect(response.headers.get('www-authenticate')).toContain('Bearer');
      }
    });

    it('refuses a token issued longer ago than OAUTH_MAX_TOKEN_AGE_S, though it has not expired', async () => {
      const old = await oauth.issue(claims, { issuedAgoS: MAX_TOKEN_AGE_S + 120, expiresInS: 3_600 });
      expect(
        await problemOf(
          await getWithKey(storefront, storeAvailability(DEV_STORES[0]), undefined, bearer(old)),
        ),
      ).toEqual({
        status: 401,
        type: problemType('token-too-old'),
      });
      const withoutIat = await oauth.issue(claims, { issuedAgoS: null });
      expect(
        await problemOf(
          await getWithKey(storefront, storeAvailability(DEV_STORES[0]), undefined, bearer(withoutIat)),
        ),
      ).toEqual({
        status: 401,
        type: problemType('credentials-invalid'),
      });
    });

    it('refuses a token without the scope the route needs', async () => {
      const token = await oauth.issue({ ...claims, scope: 'loyalty:read' });
      const response = await getWithKey(
        storefront,
        storeAvailability(DEV_STORES[0]),
        undefined,
        bearer(token),
      );
      expect(await problemOf(response)).toEqual({ status: 403, type: problemType('scope-missing') });
    });

    it("lets a shopper's token read its own member and refuses another member's", async () => {
      const token = await oauth.issue({ ...claims, member_id: memberId });
      expect(
        (await getWithKey(storefront, `/v1/loyalty/members/${memberId}`, undefined, bearer(token))).status,
      ).toBe(200);
      const other = await getWithKey(
        storefront,
        `/v1/loyalty/members/${otherMemberId}`,
        undefined,
        bearer(token),
      );
      expect(await problemOf(other)).toEqual({ status: 403, type: problemType('member-not-permitted') });
    });

    it('refuses bearer tokens on the POS API, which is configured for API keys only', async () => {
      const token = await oauth.issue(claims);
      expect((await getWithKey(pos, posPrices(DEV_STORES[0]), undefined, bearer(token))).status).toBe(401);
    });
  });
});
