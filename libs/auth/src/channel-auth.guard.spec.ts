import { Controller, Get, Param, Req } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { problemType } from '@omnigate/problems';
import type { FastifyRequest } from 'fastify';
import { startFastifyTestApp } from '../test/fastify-test-app';
import { LocalOauthServer } from '../test/local-oauth-server';
import { writeTestRegistry, removeTestRegistries } from '../test/registry-fixture';
import { ChannelAuthGuard } from './channel-auth.guard';
import { ChannelAuthModule } from './channel-auth.module';
import { MemberScoped, StoreScoped } from './ownership.decorators';
import { Public } from './public.decorator';
import { RequireScopes } from './require-scopes.decorator';

@Controller()
class ProbeController {
  @Public()
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('v1/whoami')
  whoami(@Req() request: FastifyRequest) {
    return request.principal;
  }

  @RequireScopes('prices:read')
  @StoreScoped('storeId')
  @Get('v1/stores/:storeId/prices')
  prices(@Param('storeId') storeId: string) {
    return { storeId };
  }

  @RequireScopes('availability:read')
  @StoreScoped('storeIds', 'query')
  @Get('v1/products/:sku/availability')
  availability() {
    return { ok: true };
  }

  @RequireScopes('loyalty:read')
  @MemberScoped('memberId')
  @Get('v1/loyalty/members/:memberId')
  member(@Param('memberId') memberId: string) {
    return { memberId };
  }
}

const MAX_TOKEN_AGE_S = 600;

describe('ChannelAuthGuard', () => {
  const { file, keys } = writeTestRegistry();
  let oauth: LocalOauthServer;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    oauth = await LocalOauthServer.start();
    app = await startFastifyTestApp(
      {
        imports: [
          ChannelAuthModule.forRoot({
            channels: ['storefront-web', 'pos', 'service'],
            registryFile: file,
            jwks: {
              url: oauth.url,
              issuer: oauth.issuer,
              audience: oauth.audience,
              maxTokenAgeS: MAX_TOKEN_AGE_S,
            },
          }),
        ],
        controllers: [ProbeController],
      },
      [ChannelAuthGuard],
    );
  });

  afterAll(async () => {
    await app.close();
    await oauth.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });
  const withKey = (keyId: string) => ({ 'x-api-key': keys[keyId] });
  const withToken = (token: string) => ({ authorization: `Bearer ${token}` });

  async function expectProblem(response: Awaited<ReturnType<typeof get>>, status: number, slug: string) {
    expect({ status: response.statusCode, type: response.json().type }).toEqual({
      status,
      type: problemType(slug),
    });
  }

  describe('with an API key', () => {
    it('answers 401 credentials-missing with a challenge when nothing is presented', async () => {
      const response = await get('/v1/whoami');
      await expectProblem(response, 401, 'credentials-missing');
      expect(response.headers['www-authenticate']).toContain('ApiKey');
    });

    it('accepts either active key of an app in rotation and sets the principal with the channel scopes', async () => {
      for (const keyId of ['web-new', 'web-old']) {
        const response = await get('/v1/whoami', withKey(keyId));
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual({
          kind: 'channel',
          clientAppId: 'web',
          channel: 'storefront-web',
          plan: 'storefront-standard',
          scopes: ['availability:read', 'loyalty:read'],
        });
      }
    });

    it('refuses a revoked key and an unknown key as invalid', async () => {
      await expectProblem(await get('/v1/whoami', withKey('web-gone')), 401, 'credentials-invalid');
      await expectProblem(
        await get('/v1/whoami', { 'x-api-key': 'og_test_storefront-web_guess' }),
        401,
        'credentials-invalid',
      );
    });

    it('refuses a request presenting both an API key and a bearer token', async () => {
      await expectProblem(
        await get('/v1/whoami', { ...withKey('web-new'), authorization: 'Bearer abc' }),
        401,
        'credentials-invalid',
      );
    });

    it('refuses an app of a channel this API does not serve', async () => {
      await expectProblem(await get('/v1/whoami', withKey('partner')), 403, 'channel-not-allowed');
    });

    it('refuses a route whose scope the channel lacks', async () => {
      const response = await get('/v1/stores/STORE-A/prices', withKey('web-new'));
      await expectProblem(response, 403, 'scope-missing');
      expect(response.json().requiredScopes).toEqual(['prices:read']);
    });

    it('lets a POS device act for its own store only', async () => {
      expect((await get('/v1/stores/STORE-A/prices', withKey('pos-a1'))).statusCode).toBe(200);
      await expectProblem(
        await get('/v1/stores/STORE-A/prices', withKey('pos-b1')),
        403,
        'store-not-permitted',
      );
    });

    it('checks every store of a query list against the bound store', async () => {
      await expectProblem(
        await get('/v1/products/SKU1/availability?storeIds=STORE-A,STORE-B', withKey('pos-a1')),
        403,
        'store-not-permitted',
      );
      expect(
        (await get('/v1/products/SKU1/availability?storeIds=STORE-A', withKey('pos-a1'))).statusCode,
      ).toBe(200);
      const backoffice = await get(
        '/v1/products/SKU1/availability?storeIds=STORE-A,STORE-B',
        withKey('backoffice'),
      );
      expect(backoffice.statusCode).toBe(200);
    });

    it("refuses a plain channel key on a member's data: it identifies an app, never a shopper", async () => {
      await expectProblem(
        await get('/v1/loyalty/members/M-1', withKey('web-new')),
        403,
        'member-credential-required',
      );
    });

    it('lets a trusted server act for any member, and marks its principal so', async () => {
      expect((await get('/v1/loyalty/members/M-1', withKey('backoffice'))).statusCode).toBe(200);
      expect((await get('/v1/loyalty/members/M-2', withKey('backoffice'))).statusCode).toBe(200);
      expect((await get('/v1/whoami', withKey('backoffice'))).json()).toMatchObject({
        clientAppId: 'backoffice',
        trustedServer: true,
      });
    });

    it('lets public routes through without credentials', async () => {
      expect((await get('/health/live')).statusCode).toBe(200);
    });
  });

  describe('with a bearer token', () => {
    it('accepts a valid ES256 token and reads client, scopes and member binding', async () => {
      const token = await oauth.issue({
        client_id: 'web-oauth',
        scope: 'availability:read loyalty:read',
        member_id: 'M-1',
      });
      const response = await get('/v1/whoami', withToken(token));
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        clientAppId: 'web',
        channel: 'storefront-web',
        memberId: 'M-1',
        scopes: ['availability:read', 'loyalty:read'],
      });
    });

    it('accepts a valid RS256 token naming its client in azp', async () => {
      const token = await oauth.issue({ azp: 'web-oauth', scope: 'loyalty:read' }, { alg: 'RS256' });
      expect((await get('/v1/whoami', withToken(token))).statusCode).toBe(200);
    });

    it("caps a token's scopes at its channel's scopes", async () => {
      const token = await oauth.issue({
        client_id: 'web-oauth',
        scope: 'availability:read prices:read sales:write loyalty:read',
      });
      const response = await get('/v1/whoami', withToken(token));
      expect(response.json().scopes).toEqual(['availability:read', 'loyalty:read']);
      const pricesToken = await oauth.issue({ client_id: 'web-oauth', scope: 'prices:read' });
      await expectProblem(
        await get('/v1/stores/STORE-A/prices', withToken(pricesToken)),
        403,
        'scope-missing',
      );
    });

    it("accepts the media-type spelling of the access token's type", async () => {
      const token = await oauth.issue({ client_id: 'web-oauth' }, { typ: 'application/at+JWT' });
      expect((await get('/v1/whoami', withToken(token))).statusCode).toBe(200);
    });

    it('refuses a token whose type is not at+jwt, such as an ID token, with a challenge', async () => {
      for (const typ of ['JWT', null]) {
        const response = await get(
          '/v1/whoami',
          withToken(await oauth.issue({ client_id: 'web-oauth' }, { typ })),
        );
        await expectProblem(response, 401, 'token-type-not-accepted');
        expect(response.headers['www-authenticate']).toContain('Bearer');
      }
    });

    it('refuses a token issued longer ago than the maximum age, though not expired', async () => {
      const old = await oauth.issue(
        { client_id: 'web-oauth' },
        { issuedAgoS: MAX_TOKEN_AGE_S + 60, expiresInS: 3_600 },
      );
      await expectProblem(await get('/v1/whoami', withToken(old)), 401, 'token-too-old');
      const recent = await oauth.issue(
        { client_id: 'web-oauth' },
        { issuedAgoS: MAX_TOKEN_AGE_S - 60, expiresInS: 3_600 },
      );
      expect((await get('/v1/whoami', withToken(recent))).statusCode).toBe(200);
    });

    it('refuses a token without iat, or issued in the future', async () => {
      await expectProblem(
        await get(
          '/v1/whoami',
          withToken(await oauth.issue({ client_id: 'web-oauth' }, { issuedAgoS: null })),
        ),
        401,
        'credentials-invalid',
      );
      await expectProblem(
        await get(
          '/v1/whoami',
          withToken(await oauth.issue({ client_id: 'web-oauth' }, { issuedAgoS: -120 })),
        ),
        401,
        'credentials-invalid',
      );
    });

    it('refuses an expired token', async () => {
      const token = await oauth.issue({ client_id: 'web-oauth' }, { expiresInS: -120 });
      await expectProblem(await get('/v1/whoami', withToken(token)), 401, 'credentials-invalid');
    });

    it('refuses a token for another audience', async () => {
      const token = await oauth.issue({ client_id: 'web-oauth' }, { audience: 'some-other-api' });
      await expectProblem(await get('/v1/whoami', withToken(token)), 401, 'credentials-invalid');
    });

    it('refuses a token from another issuer', async () => {
      const token = await oauth.issue({ client_id: 'web-oauth' }, { issuer: 'https://evil.example/' });
      await expectProblem(await get('/v1/whoami', withToken(token)), 401, 'credentials-invalid');
    });

    it('refuses a token signed with a key the JWKS does not hold, and garbage', async () => {
      await expectProblem(
        await get('/v1/whoami', withToken(await oauth.issueWithForeignKey({ client_id: 'web-oauth' }))),
        401,
        'credentials-invalid',
      );
      await expectProblem(await get('/v1/whoami', withToken('not.a.jwt')), 401, 'credentials-invalid');
    });

    it('refuses a token of an unregistered client', async () => {
      const token = await oauth.issue({ client_id: 'stranger', scope: 'loyalty:read' });
      await expectProblem(await get('/v1/whoami', withToken(token)), 401, 'credentials-invalid');
    });

    it('refuses a route whose scope the token lacks', async () => {
      const token = await oauth.issue({ client_id: 'web-oauth', scope: 'availability:read' });
      await expectProblem(await get('/v1/loyalty/members/M-1', withToken(token)), 403, 'scope-missing');
    });

    it('lets a member-bound token read its own member only', async () => {
      const token = await oauth.issue({ client_id: 'web-oauth', scope: 'loyalty:read', member_id: 'M-1' });
      expect((await get('/v1/loyalty/members/M-1', withToken(token))).statusCode).toBe(200);
      await expectProblem(
        await get('/v1/loyalty/members/M-2', withToken(token)),
        403,
        'member-not-permitted',
      );
    });

    it('refuses a token bound to no member on a member route', async () => {
      const token = await oauth.issue({ client_id: 'web-oauth', scope: 'loyalty:read' });
      await expectProblem(
        await get('/v1/loyalty/members/M-1', withToken(token)),
        403,
        'member-credential-required',
      );
    });

    it("narrows a trusted server's token bound to a member to that member", async () => {
      const unbound = await oauth.issue({ client_id: 'backoffice-oauth', scope: 'loyalty:read' });
      expect((await get('/v1/loyalty/members/M-2', withToken(unbound))).statusCode).toBe(200);
      const bound = await oauth.issue({
        client_id: 'backoffice-oauth',
        scope: 'loyalty:read',
        member_id: 'M-1',
      });
      expect((await get('/v1/loyalty/members/M-1', withToken(bound))).statusCode).toBe(200);
      await expectProblem(
        await get('/v1/loyalty/members/M-2', withToken(bound)),
        403,
        'member-not-permitted',
      );
    });

    it('keeps a POS device token on its registered store', async () => {
      const own = await oauth.issue({ client_id: 'pos-a1-oauth', scope: 'prices:read' });
      expect((await get('/v1/stores/STORE-A/prices', withToken(own))).statusCode).toBe(200);
      await expectProblem(await get('/v1/stores/STORE-B/prices', withToken(own)), 403, 'store-not-permitted');
      const moved = await oauth.issue({
        client_id: 'pos-a1-oauth',
        scope: 'prices:read',
        store_id: 'STORE-B',
      });
      await expectProblem(
        await get('/v1/stores/STORE-B/prices', withToken(moved)),
        401,
        'credentials-invalid',
      );
    });
  });
});

describe('ChannelAuthGuard when the JWKS cannot be fetched', () => {
  it('answers 503 upstream-unavailable, not 401, since the token may well be valid', async () => {
    const oauth = await LocalOauthServer.start();
    const token = await oauth.issue({ client_id: 'web-oauth' });
    const jwks = {
      url: oauth.url,
      issuer: oauth.issuer,
      audience: oauth.audience,
      maxTokenAgeS: MAX_TOKEN_AGE_S,
    };
    await oauth.close();
    const app = await startFastifyTestApp(
      {
        imports: [
          ChannelAuthModule.forRoot({
            channels: ['storefront-web'],
            registryFile: writeTestRegistry().file,
            jwks,
          }),
        ],
        controllers: [ProbeController],
      },
      [ChannelAuthGuard],
    );
    try {
      const response = await app.inject({
        method: 'GET',
        url: '/v1/whoami',
        headers: { authorization: `Bearer ${token}` },
      });
      expect({ status: response.statusCode, type: response.json().type }).toEqual({
        status: 503,
        type: problemType('upstream-unavailable'),
      });
    } finally {
      await app.close();
    }
  });
});

afterAll(removeTestRegistries);
