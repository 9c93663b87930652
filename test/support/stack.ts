import { randomBytes } from 'node:crypto';
import { callerKeyDigestsSetting, newInternalKey } from '../../libs/auth/src/internal-caller-keys';
import { INTERNAL_CALLERS, type InternalCaller } from '../../libs/auth/src/internal-callers';
import { type AppProcess, startApp } from './app-process';
import { SandboxClient } from './sandbox-client';
import { newControlTowerKeys } from '../../scripts/development-keys';

export const REDIS_URL = 'redis://127.0.0.1:6379';
export const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** This test run's key of each internal caller: each app sends its own, tests call as the caller a route admits. */
export const CALLER_KEYS = Object.fromEntries(
  INTERNAL_CALLERS.map((caller) => [caller, newInternalKey(caller)]),
) as Record<InternalCaller, string>;

/** `INTERNAL_CALLER_KEY_DIGESTS` recognising every caller of this run; each route still admits only the callers it names. */
export const ACCEPTED_CALLERS = callerKeyDigestsSetting(CALLER_KEYS);

/** The headers an internal caller sends to a process or system API. */
export const callerHeaders = (caller: InternalCaller): Record<string, string> => ({
  'x-service-key': CALLER_KEYS[caller],
});

/** The metrics scraper's credential, as Prometheus sends it. */
export const scraperHeaders = (): Record<string, string> => ({
  authorization: `Bearer ${CALLER_KEYS['metrics-scraper']}`,
});

/** A Redis key prefix of its own, so test files sharing the machine's Redis never see each other's keys. */
export function isolatedRedisPrefix(): string {
  return `t${randomBytes(6).toString('hex')}:`;
}

/** A running sandbox and the client that drives it. */
export async function startSandbox(
  env: Record<string, string> = {},
): Promise<{ app: AppProcess; sandbox: SandboxClient }> {
  const app = await startApp('sandbox', env);
  return { app, sandbox: new SandboxClient(app.url) };
}

/** Starts a system app against the given sandbox, recognising this run's {@link CALLER_KEYS}. */
export function startSystemApp(
  name: string,
  sandboxUrl: string,
  env: Record<string, string> = {},
): Promise<AppProcess> {
  const vendorPath = {
    'system-erp': '/erp/sap/opu/odata/sap',
    'system-pos': '/pos-bo/api',
    'system-loyalty': '/loyalty/api/v2',
    'system-oms': '/oms/v1',
  }[name];
  return startApp(name, {
    BACKEND_URL: `${sandboxUrl}${vendorPath}`,
    INTERNAL_CALLER_KEY_DIGESTS: ACCEPTED_CALLERS,
    ...env,
  });
}

/** Stops every given app, whatever state they are in. */
export async function stopAll(...apps: (AppProcess | undefined)[]): Promise<void> {
  await Promise.all(apps.map((a) => a?.stop()));
}

/** This test run's control tower sign-in keys: one viewer, one operator, and the settings admitting them. */
export const TOWER_KEYS = newControlTowerKeys();
