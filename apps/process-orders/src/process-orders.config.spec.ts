import { callerKeyDigestsSetting } from '@omnigate/auth';
import { loadConfig } from '@omnigate/config';
import { ProcessOrdersConfig } from './process-orders.config';

const REQUIRED = {
  INTERNAL_SERVICE_KEY: 'svc_unit_0123456789abcdef0123',
  INTERNAL_CALLER_KEY_DIGESTS: callerKeyDigestsSetting({
    'experience-storefront': 'svc_unit_storefront_0123456789',
  }),
};
const load = (env: Record<string, string>) => loadConfig(ProcessOrdersConfig, { ...REQUIRED, ...env });

describe('ProcessOrdersConfig', () => {
  it('runs on embedded PGlite when no DATABASE_URL is set, outside production', () => {
    expect(load({}).DATABASE_URL).toBeUndefined();
    expect(load({ NODE_ENV: 'test', PGLITE_DATA_DIR: '.data/orders' }).DATABASE_URL).toBeUndefined();
  });

  it('refuses to run in production without DATABASE_URL, naming it', () => {
    expect(() => load({ NODE_ENV: 'production' })).toThrow(
      /DATABASE_URL must be set when NODE_ENV=production/,
    );
    expect(() => load({ NODE_ENV: 'production', PGLITE_DATA_DIR: '/var/lib/omnigate' })).toThrow(
      /DATABASE_URL/,
    );
    expect(
      load({ NODE_ENV: 'production', DATABASE_URL: 'postgres://omnigate@db:5432/omnigate' }).DATABASE_URL,
    ).toBe('postgres://omnigate@db:5432/omnigate');
  });

  it('refuses a DATABASE_URL that is not a postgres:// URL, in any environment', () => {
    expect(() => load({ DATABASE_URL: 'mysql://db/omnigate' })).toThrow(
      /DATABASE_URL must be a postgres:\/\/ URL/,
    );
  });

  it('re-reads the paused queues every second unless told otherwise, and never more often than every 100 ms', () => {
    expect(load({}).QUEUE_PAUSE_CHECK_MS).toBe(1_000);
    expect(load({ QUEUE_PAUSE_CHECK_MS: '200' }).QUEUE_PAUSE_CHECK_MS).toBe(200);
    expect(() => load({ QUEUE_PAUSE_CHECK_MS: '10' })).toThrow(/QUEUE_PAUSE_CHECK_MS/);
  });

  it('holds an Idempotency-Key 60 s unless told otherwise, and never under 5 s', () => {
    expect(load({}).IDEMPOTENCY_LOCK_S).toBe(60);
    expect(load({ IDEMPOTENCY_LOCK_S: '5' }).IDEMPOTENCY_LOCK_S).toBe(5);
    expect(() => load({ IDEMPOTENCY_LOCK_S: '1' })).toThrow(/IDEMPOTENCY_LOCK_S/);
  });
});
