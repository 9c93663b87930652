import { callerKeyDigestsSetting } from '@omnigate/auth';
import { InvalidConfiguration, loadConfig } from '@omnigate/config';
import { ExperienceStorefrontConfig } from './experience-storefront.config';

const REQUIRED = { INTERNAL_SERVICE_KEY: 'svc_unit_0123456789abcdef0123' };
const load = (env: Record<string, string>) => loadConfig(ExperienceStorefrontConfig, { ...REQUIRED, ...env });

describe('ExperienceStorefrontConfig', () => {
  it('limits rates unless RATE_LIMITING_ENABLED says false', () => {
    expect(load({}).RATE_LIMITING_ENABLED).toBe(true);
    expect(load({ RATE_LIMITING_ENABLED: 'FALSE' }).RATE_LIMITING_ENABLED).toBe(false);
    expect(load({ RATE_LIMITING_ENABLED: 'true' }).RATE_LIMITING_ENABLED).toBe(true);
  });

  it('refuses a switch that is neither true nor false', () => {
    expect(() => load({ RATE_LIMITING_ENABLED: 'maybe' })).toThrow(/RATE_LIMITING_ENABLED/);
  });

  it('needs its own service key, and all three OAuth settings once one is given', () => {
    expect(() => loadConfig(ExperienceStorefrontConfig, {})).toThrow(/INTERNAL_SERVICE_KEY:/);
    const error = (() => {
      try {
        load({ OAUTH_JWKS_URL: 'https://idp.example.com/jwks.json' });
      } catch (e) {
        return e as InvalidConfiguration;
      }
    })();
    expect(error?.offenders.join('\n')).toMatch(/OAUTH_ISSUER[\s\S]*OAUTH_AUDIENCE/);
  });

  it('parses CORS origins and refuses anything else', () => {
    expect(
      load({ CORS_ORIGINS: 'https://shop.example.com,https://m.example.com' }).CORS_ORIGINS,
    ).toBeDefined();
    expect(() => load({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
  });

  it('refuses a development registry in production, naming the setting, and takes one of production’s own', () => {
    expect(load({}).CLIENT_APP_REGISTRY_FILE).toBe('config/client-apps.dev.json');
    expect(() => load({ NODE_ENV: 'production' })).toThrow(
      /CLIENT_APP_REGISTRY_FILE 'config\/client-apps\.dev\.json' is a development registry/,
    );
    expect(() =>
      load({ NODE_ENV: 'production', CLIENT_APP_REGISTRY_FILE: '/srv/config/client-apps.dev.json' }),
    ).toThrow(/CLIENT_APP_REGISTRY_FILE/);
    const production = load({
      NODE_ENV: 'production',
      CLIENT_APP_REGISTRY_FILE: '/etc/omnigate/client-apps.json',
    });
    expect(production.CLIENT_APP_REGISTRY_FILE).toBe('/etc/omnigate/client-apps.json');
  });

  it('refuses a short service key, and two keys where one is sent', () => {
    expect(() => load({ INTERNAL_SERVICE_KEY: 'short-key' })).toThrow(
      /INTERNAL_SERVICE_KEY: .*24\+ characters/,
    );
    expect(() =>
      load({ INTERNAL_SERVICE_KEY: `${REQUIRED.INTERNAL_SERVICE_KEY} ${REQUIRED.INTERNAL_SERVICE_KEY}` }),
    ).toThrow(/INTERNAL_SERVICE_KEY/);
  });

  it('admits no metrics scraper unless told, and refuses malformed caller digests', () => {
    expect(load({}).INTERNAL_CALLER_KEY_DIGESTS).toBeUndefined();
    expect(
      load({
        INTERNAL_CALLER_KEY_DIGESTS: callerKeyDigestsSetting({
          'metrics-scraper': 'a-scraper-key-of-enough-length',
        }),
      }).INTERNAL_CALLER_KEY_DIGESTS,
    ).toMatch(/^metrics-scraper:[0-9a-f]{64}$/);
    expect(() => load({ INTERNAL_CALLER_KEY_DIGESTS: 'metrics-scraper:not-a-digest' })).toThrow(
      /INTERNAL_CALLER_KEY_DIGESTS: .*SHA-256/,
    );
  });

  it('keeps bearer tokens for an hour at most unless told, within bounds', () => {
    expect(load({}).OAUTH_MAX_TOKEN_AGE_S).toBe(3_600);
    expect(load({ OAUTH_MAX_TOKEN_AGE_S: '300' }).OAUTH_MAX_TOKEN_AGE_S).toBe(300);
    expect(() => load({ OAUTH_MAX_TOKEN_AGE_S: '10' })).toThrow(/OAUTH_MAX_TOKEN_AGE_S/);
  });
  it('takes the deployed environments of the document as name=url pairs, and refuses anything else', () => {
    expect(load({}).API_ENVIRONMENTS).toBe(
      'production=https://api.omnigate.dev,staging=https://api.staging.omnigate.dev',
    );
    expect(load({ API_ENVIRONMENTS: 'prod=https://shop-api.example.com/edge' }).API_ENVIRONMENTS).toBe(
      'prod=https://shop-api.example.com/edge',
    );
    for (const bad of [
      'https://api.example.com',
      'prod=ftp://x',
      'prod=https://a.example.com,',
      'Prod=https://a.example.com',
    ]) {
      expect(() => load({ API_ENVIRONMENTS: bad })).toThrow(/API_ENVIRONMENTS/);
    }
  });
});
