import { InvalidConfiguration, loadConfig } from '@omnigate/config';
import { ExperienceStorefrontConfig } from './experience-storefront.config';

const REQUIRED = { INTERNAL_SERVICE_KEYS: 'svc_unit_0123456789abcdef0123' };
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

  it('needs the service keys, and all three OAuth settings once one is given', () => {
    expect(() => loadConfig(ExperienceStorefrontConfig, {})).toThrow(/INTERNAL_SERVICE_KEYS/);
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
    expect(load({ CORS_ORIGINS: 'https://shop.example.com,https://m.example.com' }).CORS_ORIGINS).toBeDefined();
    expect(() => load({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
  });

  it('refuses a development registry in production, naming the setting, and takes one of production’s own', () => {
    expect(load({}).CLIENT_APP_REGISTRY_FILE).toBe('config/client-apps.dev.json');
    expect(() => load({ NODE_ENV: 'production' })).toThrow(/CLIENT_APP_REGISTRY_FILE 'config\/client-apps\.dev\.json' is a development registry/);
    expect(() => load({ NODE_ENV: 'production', CLIENT_APP_REGISTRY_FILE: '/srv/config/client-apps.dev.json' })).toThrow(/CLIENT_APP_REGISTRY_FILE/);
    const production = load({ NODE_ENV: 'production', CLIENT_APP_REGISTRY_FILE: '/etc/omnigate/client-apps.json' });
    expect(production.CLIENT_APP_REGISTRY_FILE).toBe('/etc/omnigate/client-apps.json');
  });
});
