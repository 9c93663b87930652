import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runAppExpectingExit, startApp } from '../support/app-process';
import { ACCEPTED_CALLERS, CALLER_KEYS, DATABASE_URL } from '../support/stack';

const DEV_REGISTRY = join(__dirname, '..', '..', 'config', 'client-apps.dev.json');

describe('configuration checked at start', () => {
  it('refuses to start system-erp with invalid values, naming each one', async () => {
    const { code, stderr } = await runAppExpectingExit('system-erp', {
      PORT: 'not-a-port',
      BREAKER_VOLUME_THRESHOLD: '1',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toMatch(/PORT: .*got 'not-a-port'/);
    expect(stderr).toMatch(/BREAKER_VOLUME_THRESHOLD: .*got '1'/);
  });

  it('refuses a public URL that is not an http(s) URL, or ends with a slash', async () => {
    for (const PUBLIC_URL of ['api.omnigate.dev/storefront', 'https://api.omnigate.dev/storefront/']) {
      const { code, stderr } = await runAppExpectingExit('system-pos', { PUBLIC_URL });
      expect(code).toBe(1);
      expect(stderr).toMatch(/PUBLIC_URL: .*got '/);
    }
  });

  it('refuses a malformed Redis URL, and Redis or lock timeouts out of range', async () => {
    const { code, stderr } = await runAppExpectingExit('system-erp', {
      REDIS_URL: 'localhost:6379',
      REDIS_COMMAND_TIMEOUT_MS: '0',
      CACHE_LOCK_TTL_MS: '10',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('REDIS_URL');
    expect(stderr).toMatch(/REDIS_COMMAND_TIMEOUT_MS: .*got '0'/);
    expect(stderr).toMatch(/CACHE_LOCK_TTL_MS: .*got '10'/);
  });

  describe('with NODE_ENV=production', () => {
    const production = {
      NODE_ENV: 'production',
      INTERNAL_SERVICE_KEY: CALLER_KEYS['process-orders'],
      INTERNAL_CALLER_KEY_DIGESTS: ACCEPTED_CALLERS,
    };

    it.each(['experience-storefront', 'experience-pos'])(
      'refuses to start %s on the default, development registry',
      async (app) => {
        const { code, stderr } = await runAppExpectingExit(app, production);
        expect(code).toBe(1);
        expect(stderr).toMatch(
          /CLIENT_APP_REGISTRY_FILE 'config\/client-apps\.dev\.json' is a development registry.*\(unset\)/,
        );
        expect(stderr).not.toContain('INTERNAL_SERVICE_KEY');
      },
    );

    it('refuses a development registry named by its full path', async () => {
      const { code, stderr } = await runAppExpectingExit('experience-storefront', {
        ...production,
        CLIENT_APP_REGISTRY_FILE: DEV_REGISTRY,
      });
      expect(code).toBe(1);
      expect(stderr).toContain(`CLIENT_APP_REGISTRY_FILE '${DEV_REGISTRY}' is a development registry`);
    });

    it('starts an experience app on a registry of production’s own', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'omnigate-registry-'));
      try {
        const registry = join(dir, 'client-apps.json');
        await copyFile(DEV_REGISTRY, registry);
        const app = await startApp('experience-storefront', {
          ...production,
          CLIENT_APP_REGISTRY_FILE: registry,
        });
        expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
        await app.stop();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('refuses to start process-orders without DATABASE_URL, on an embedded database', async () => {
      const { code, stderr } = await runAppExpectingExit('process-orders', production);
      expect(code).toBe(1);
      expect(stderr).toMatch(/DATABASE_URL: DATABASE_URL must be set when NODE_ENV=production.*\(unset\)/);
    });

    it('starts process-orders on PostgreSQL', async () => {
      const schema = `cfg_${randomBytes(5).toString('hex')}`;
      try {
        const app = await startApp('process-orders', {
          ...production,
          DATABASE_URL,
          DATABASE_SCHEMA: schema,
          LOG_LEVEL: 'warn',
        });
        expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
        await app.stop();
      } finally {
        const client = new Client({ connectionString: DATABASE_URL });
        await client.connect();
        await client.query(
          `DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`,
        );
        await client.end();
      }
    });
  });

  it('refuses internal caller digests naming an unknown caller or something that is not a digest', async () => {
    const { code, stderr } = await runAppExpectingExit('system-loyalty', {
      INTERNAL_CALLER_KEY_DIGESTS: `shop:${'a'.repeat(64)},process-orders:secret-key-in-clear`,
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /INTERNAL_CALLER_KEY_DIGESTS: unknown caller 'shop'.*; caller 'process-orders': 'secret-key-i\.\.\.' is not the 64 lowercase hex digits/,
    );
  });

  it('needs process-orders to know its callers and its own key', async () => {
    const { code, stderr } = await runAppExpectingExit('process-orders', {});
    expect(code).toBe(1);
    expect(stderr).toMatch(/INTERNAL_CALLER_KEY_DIGESTS: .*\(unset\)/);
    expect(stderr).toMatch(/INTERNAL_SERVICE_KEY: .*\(unset\)/);
  });

  it("refuses an experience app's short service key and a token age out of bounds", async () => {
    const { code, stderr } = await runAppExpectingExit('experience-pos', {
      INTERNAL_SERVICE_KEY: 'too-short',
      OAUTH_MAX_TOKEN_AGE_S: '5',
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /INTERNAL_SERVICE_KEY: INTERNAL_SERVICE_KEY must be one key of 24\+ characters without spaces \(got 9 characters\)/,
    );
    expect(stderr).not.toContain('too-short');
    expect(stderr).toMatch(/OAUTH_MAX_TOKEN_AGE_S: .*got '5'/);
  });

  it('refuses a log format other than json or pretty', async () => {
    const { code, stderr } = await runAppExpectingExit('system-erp', { LOG_FORMAT: 'xml' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/LOG_FORMAT: .*got 'xml'/);
  });

  it('refuses a shutdown timeout that leaves no time after the drain delay', async () => {
    const { code, stderr } = await runAppExpectingExit('system-pos', {
      SHUTDOWN_DRAIN_DELAY_MS: '5000',
      SHUTDOWN_TIMEOUT_MS: '6000',
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /SHUTDOWN_TIMEOUT_MS: .*must be at least SHUTDOWN_DRAIN_DELAY_MS \+ 2000 \(got '6000'\)/,
    );
  });
});
