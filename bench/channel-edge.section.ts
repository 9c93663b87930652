import type { BenchClientApp } from './client-registry';
import { type LoadFigures, type LoadSettings, fixedLoad, warmUp } from './load';
import { type BackendStack, type BenchProcess, startApp, startBareFastify, stopAll } from './stack';

/** Section 2: what the storefront edge (auth, load shedding, rate limiting, edge cache) costs. */
export interface ChannelEdgeResult {
  key: { storeId: string; sku: string };
  rateLimitingOn: LoadFigures;
  rateLimitingOff: LoadFigures;
  bareFastify: LoadFigures;
  /** Storefront reads per second (rate limiting on) over bare Fastify's. */
  onOverBare: number;
  /** Storefront reads per second with rate limiting on over the same with it off. */
  onOverOff: number;
}

/** Starts experience-storefront over the system APIs of `stack`, authenticating against the bench registry. */
export function startStorefront(
  name: string,
  stack: BackendStack,
  client: BenchClientApp,
  env: Record<string, string> = {},
): Promise<BenchProcess> {
  return startApp('experience-storefront', {
    INTERNAL_SERVICE_KEY: stack.callers.keys['experience-storefront'],
    INTERNAL_CALLER_KEY_DIGESTS: stack.callers.accepted,
    CLIENT_APP_REGISTRY_FILE: client.registryFile,
    SYSTEM_ERP_URL: stack.systems['system-erp'].url,
    SYSTEM_POS_URL: stack.systems['system-pos'].url,
    SYSTEM_LOYALTY_URL: stack.systems['system-loyalty'].url,
    // Availability never calls process-orders; a closed port keeps any stray call from reaching something real.
    PROCESS_ORDERS_URL: 'http://127.0.0.1:9',
    ...env,
  }).then((app) => ({ ...app, name }));
}

export async function benchChannelEdge(
  stack: BackendStack,
  client: BenchClientApp,
  key: { storeId: string; sku: string },
  load: LoadSettings,
): Promise<ChannelEdgeResult> {
  const path = `/v1/stores/${key.storeId}/availability?skus=${key.sku}`;
  const headers = { 'x-api-key': client.apiKey };
  let on: BenchProcess | undefined;
  let off: BenchProcess | undefined;
  let bare: BenchProcess | undefined;
  try {
    [on, off] = await Promise.all([
      startStorefront('experience-storefront (rate limiting on)', stack, client),
      startStorefront('experience-storefront (rate limiting off)', stack, client, {
        RATE_LIMITING_ENABLED: 'false',
      }),
    ]);
    const first = await fetch(`${on.url}${path}`, { headers });
    if (!first.ok)
      throw new Error(`experience-storefront answered ${first.status} to ${path}: ${await first.text()}`);
    if (!first.headers.get('ratelimit'))
      throw new Error('experience-storefront answered without RateLimit headers: is rate limiting on?');
    bare = await startBareFastify('bare-fastify (availability body)', await first.json());

    const target = (app: BenchProcess, withKey: boolean) => ({
      url: `${app.url}${path}`,
      headers: withKey ? headers : undefined,
      connections: load.connections,
      durationS: load.durationS,
    });
    const targets = { on: target(on, true), off: target(off, true), bare: target(bare, false) };
    for (const t of Object.values(targets)) await warmUp(t, load.warmUpS);
    const rateLimitingOn = await fixedLoad(targets.on);
    const rateLimitingOff = await fixedLoad(targets.off);
    const bareFastify = await fixedLoad(targets.bare);
    return {
      key,
      rateLimitingOn,
      rateLimitingOff,
      bareFastify,
      onOverBare: rateLimitingOn.okPerS / bareFastify.okPerS,
      onOverOff: rateLimitingOn.okPerS / rateLimitingOff.okPerS,
    };
  } finally {
    await stopAll(on, off, bare);
  }
}
