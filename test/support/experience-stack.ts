import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AppProcess, startApp } from './app-process';
import {
  ACCEPTED_CALLERS,
  CALLER_KEYS,
  REDIS_URL,
  isolatedRedisPrefix,
  startSandbox,
  startSystemApp,
} from './stack';
import type { SandboxClient } from './sandbox-client';

/** The development API keys of config/client-apps.dev.json (see config/README.md). */
export const DEV_KEYS = {
  web: 'og_dev_storefront-web_a111679d18d365a0bbd4233e5118ee61',
  webNext: 'og_dev_storefront-web_3a4576d4ff6d92897027ec85a3b70ec7',
  webRevoked: 'og_dev_storefront-web_50c73b03c0da12f0c791fc117eff1220',
  mobile: 'og_dev_storefront-mobile_2d58982e17f3b3ac66b85f833505acda',
  posStoreServer: 'og_dev_pos_ee27e3eadd19137672ef66578217835b',
  posStore1Register: 'og_dev_pos_a38fa30984948fc164204dfae860b6d7',
  posStore2Register: 'og_dev_pos_143f7743b0936454cfd18e23417f0998',
  service: 'og_dev_service_cb80581edec22df386e617ce426fc670',
  partner: 'og_dev_partner_9358f93dcae4f1979187acca9cb970bb',
} as const;

/**
 * Test machines run a dozen apps on two cores, where any event loop stalls past the production
 * shedding threshold; shedding is exercised by libs/rate-limit's own tests, not by these.
 */
export const TEST_SHEDDING = { SHED_BROWSE_AT_LOOP_DELAY_MS: '5000' } as const;

/**
 * For suites that send many calls a second with one key (a register's plan allows 10 a second, a
 * web shop's 20): the plans are not what they test. `throttler-plan-windows` and `edge-guards` are.
 */
export const WITHOUT_PLANS = { RATE_LIMITING_ENABLED: 'false' } as const;

/** The seeded stores the development POS keys are bound to: store 1, store 2. */
export const DEV_STORES = ['ST-6930', 'ST-6042'] as const;

/** A sandbox and the system APIs the experience apps read from. */
export interface SystemStack {
  sandboxApp: AppProcess;
  sandbox: SandboxClient;
  erp: AppProcess;
  pos: AppProcess;
  loyalty: AppProcess;
  apps: AppProcess[];
}

/** Starts the sandbox and system-erp, system-pos and system-loyalty against it; `env` goes to the system apps. */
export async function startSystemStack(env: Record<string, string> = {}): Promise<SystemStack> {
  const { app: sandboxApp, sandbox } = await startSandbox({ LOG_LEVEL: 'warn' });
  const [erp, pos, loyalty] = await Promise.all(
    ['system-erp', 'system-pos', 'system-loyalty'].map((name) =>
      startSystemApp(name, sandboxApp.url, { LOG_LEVEL: 'warn', ...env }),
    ),
  );
  return { sandboxApp, sandbox, erp, pos, loyalty, apps: [erp, pos, loyalty, sandboxApp] };
}

/** The internal keys an experience app is started with: its own key to send, and this run's callers (for /metrics). */
export function experienceKeys(name: 'experience-storefront' | 'experience-pos'): Record<string, string> {
  return { INTERNAL_SERVICE_KEY: CALLER_KEYS[name], INTERNAL_CALLER_KEY_DIGESTS: ACCEPTED_CALLERS };
}

/** Starts an experience app against the given system APIs, sending its own internal key, counting in Redis. */
export function startExperienceApp(
  name: 'experience-storefront' | 'experience-pos',
  stack: SystemStack,
  env: Record<string, string> = {},
): Promise<AppProcess> {
  return startApp(name, {
    LOG_LEVEL: 'warn',
    ...experienceKeys(name),
    SYSTEM_ERP_URL: stack.erp.url,
    SYSTEM_POS_URL: stack.pos.url,
    SYSTEM_LOYALTY_URL: stack.loyalty.url,
    PROCESS_ORDERS_URL: 'http://127.0.0.1:9',
    REDIS_URL,
    REDIS_KEY_PREFIX: isolatedRedisPrefix(),
    ...TEST_SHEDDING,
    ...env,
  });
}

/** A stand-in for process-orders' points-holds read: answers `holds` and records the service keys it was sent. */
export class PointsHoldsStub {
  readonly serviceKeys: (string | undefined)[] = [];
  url = '';
  private server!: Server;

  constructor(
    private readonly holds: { holdId: string; orderId: string; points: number; createdAt: string }[],
  ) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.serviceKeys.push(request.headers['x-service-key'] as string | undefined);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ holds: this.holds }));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** GETs a path of an app with a channel API key (or none). */
export function getWithKey(
  app: AppProcess,
  path: string,
  apiKey?: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${app.url}${path}`, { headers: { ...(apiKey ? { 'x-api-key': apiKey } : {}), ...headers } });
}
