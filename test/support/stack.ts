import { randomBytes } from 'node:crypto';
import { type AppProcess, startApp } from './app-process';
import { SandboxClient } from './sandbox-client';

export const REDIS_URL = 'redis://127.0.0.1:6379';
export const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The internal service key of this test run: system and process apps accept it, experience apps send it. */
export const SERVICE_KEY = `svc_test_${randomBytes(18).toString('base64url')}`;

/** The headers an internal caller (a process or experience app) sends to a system or process API. */
export const serviceHeaders = (): Record<string, string> => ({ 'x-service-key': SERVICE_KEY });

/** A Redis key prefix of its own, so test files sharing the machine's Redis never see each other's keys. */
export function isolatedRedisPrefix(): string {
  return `t${randomBytes(6).toString('hex')}:`;
}

/** A running sandbox and the client that drives it. */
export async function startSandbox(env: Record<string, string> = {}): Promise<{ app: AppProcess; sandbox: SandboxClient }> {
  const app = await startApp('sandbox', env);
  return { app, sandbox: new SandboxClient(app.url) };
}

/** Starts a system app against the given sandbox, accepting this run's {@link SERVICE_KEY}. */
export function startSystemApp(name: string, sandboxUrl: string, env: Record<string, string> = {}): Promise<AppProcess> {
  const vendorPath = { 'system-erp': '/erp/sap/opu/odata/sap', 'system-pos': '/pos-bo/api', 'system-loyalty': '/loyalty/api/v2', 'system-oms': '/oms/v1' }[name];
  return startApp(name, { BACKEND_URL: `${sandboxUrl}${vendorPath}`, INTERNAL_SERVICE_KEYS: SERVICE_KEY, ...env });
}

/** Stops every given app, whatever state they are in. */
export async function stopAll(...apps: (AppProcess | undefined)[]): Promise<void> {
  await Promise.all(apps.map((a) => a?.stop()));
}
