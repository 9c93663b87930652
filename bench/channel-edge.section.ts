import type { BenchClientApp } from './client-registry';
import { type LoadFigures, type LoadSettings, bestOf, fixedLoad, warmUp } from './load';
import {
  type BackendStack,
  type BenchProcess,
  PINNING,
  startApp,
  startBareFastify,
  startBareNest,
  stopAll,
} from './stack';

/**
 * The storefront as production runs it: access log at `info` (the deployed LOG_LEVEL), tracing
 * started as deployed (no exporter configured, the SDK's default sampler), API key, load shedding,
 * rate limiting and the edge cache on.
 */
const PRODUCTION: Record<string, string> = { LOG_LEVEL: 'info' };

/**
 * Ablation runs, for the per-layer cost table only: each switches one layer off with the setting
 * production has for it, in a process of its own. The headline ratio is never taken from these.
 * Tracing has none: with no exporter configured (as deployed here) it is not started at all.
 */
const ABLATIONS = [
  { layer: 'access log (LOG_LEVEL=warn)', env: { ...PRODUCTION, LOG_LEVEL: 'warn' } },
  {
    layer: 'rate limiting (RATE_LIMITING_ENABLED=false)',
    env: { ...PRODUCTION, RATE_LIMITING_ENABLED: 'false' },
  },
] as const;

/** What one layer costs: the production run's CPU time per request minus that of the run without it. */
export interface LayerCost {
  layer: string;
  without: LoadFigures;
  /** The app's CPU microseconds per request, production minus without. */
  costUs: number;
}

/** Section 2: what the storefront edge (auth, load shedding, rate limiting, edge cache) costs. */
export interface ChannelEdgeResult {
  key: { storeId: string; sku: string };
  /** Production defaults (see PRODUCTION): the headline. */
  rateLimitingOn: LoadFigures;
  /**
   * The same with REDIS_URL set (BENCH_REDIS_URL), as deployed with replicas: rate-limit counters
   * and the shared cache in Redis. Absent without BENCH_REDIS_URL.
   */
  deployedShape?: LoadFigures;
  rateLimitingOff: LoadFigures;
  /**
   * A second process with the production settings, measured in the same rounds: how far two equal
   * processes land apart on this machine, the margin of every layer cost.
   */
  twin: LoadFigures;
  /** A plain Nest app on Fastify answering the same body: the framework's floor. */
  nestFloor: LoadFigures;
  bareFastify: LoadFigures;
  /** Storefront reads per second (production defaults) over bare Fastify's, measured in the same rounds. */
  onOverBare: number;
  /** Storefront reads per second with rate limiting on over the same with it off. */
  onOverOff: number;
  nestFloorOverBare: number;
  /** Bare Fastify's CPU time per answer over the storefront's: the ratio with the machine's other work taken out. */
  cpuRatioToBare: number;
  layers: LayerCost[];
  /** Each figure is the best of this many timed runs, the targets taking turns, so a neighbour's burst costs one run, not the result. */
  rounds: number;
  pinned: string;
}

/** Starts experience-storefront over the system APIs of `stack`, authenticating against the bench registry. */
export function startStorefront(
  name: string,
  stack: BackendStack,
  client: BenchClientApp,
  env: Record<string, string> = {},
): Promise<BenchProcess> {
  return startApp(
    'experience-storefront',
    {
      INTERNAL_SERVICE_KEY: stack.callers.keys['experience-storefront'],
      INTERNAL_CALLER_KEY_DIGESTS: stack.callers.accepted,
      CLIENT_APP_REGISTRY_FILE: client.registryFile,
      SYSTEM_ERP_URL: stack.systems['system-erp'].url,
      SYSTEM_POS_URL: stack.systems['system-pos'].url,
      SYSTEM_LOYALTY_URL: stack.systems['system-loyalty'].url,
      // Availability never calls process-orders; a closed port keeps any stray call from reaching something real.
      PROCESS_ORDERS_URL: 'http://127.0.0.1:9',
      ...env,
    },
    { measured: true },
  ).then((app) => ({ ...app, name }));
}

/** The app's own CPU time per answer; 1/rate where /proc is not there to tell it. */
const usPerRequest = (f: LoadFigures) => f.appCpuUsPerRequest ?? 1e6 / f.okPerS;

export async function benchChannelEdge(
  stack: BackendStack,
  client: BenchClientApp,
  key: { storeId: string; sku: string },
  load: LoadSettings & { rounds: number },
  redisUrl?: string,
): Promise<ChannelEdgeResult> {
  const path = `/v1/stores/${key.storeId}/availability?skus=${key.sku}`;
  const headers = { 'x-api-key': client.apiKey };
  const started: BenchProcess[] = [];
  try {
    const production = await startStorefront(
      'experience-storefront (production defaults)',
      stack,
      client,
      PRODUCTION,
    );
    started.push(production);
    const [twin, ...ablated] = await Promise.all([
      startStorefront('experience-storefront (production defaults, twin)', stack, client, PRODUCTION),
      ...ABLATIONS.map((a) =>
        startStorefront(`experience-storefront (without ${a.layer})`, stack, client, a.env),
      ),
    ]);
    started.push(twin, ...ablated);
    const deployed = redisUrl
      ? await startStorefront('experience-storefront (production defaults, Redis)', stack, client, {
          ...PRODUCTION,
          REDIS_URL: redisUrl,
        })
      : undefined;
    if (deployed) started.push(deployed);
    const first = await fetch(`${production.url}${path}`, { headers });
    if (!first.ok)
      throw new Error(`experience-storefront answered ${first.status} to ${path}: ${await first.text()}`);
    if (!first.headers.get('ratelimit'))
      throw new Error('experience-storefront answered without RateLimit headers: is rate limiting on?');
    const body: unknown = await first.json();
    const bare = await startBareFastify('bare-fastify (availability body)', body);
    started.push(bare);
    const nest = await startBareNest('bare Nest on Fastify (availability body)', body);
    started.push(nest);

    const target = (app: BenchProcess, withKey: boolean) => ({
      app,
      url: `${app.url}${path}`,
      headers: withKey ? headers : undefined,
      connections: load.connections,
      durationS: load.durationS,
    });
    const targets = [
      target(production, true),
      target(twin, true),
      ...ablated.map((app) => target(app, true)),
      target(nest, false),
      target(bare, false),
      ...(deployed ? [target(deployed, true)] : []),
    ];
    for (const t of targets) await warmUp(t, load.warmUpS);
    const [productionFigures, twinFigures, ...rest] = await bestOf(load.rounds, targets);
    const ablatedFigures = rest.slice(0, ABLATIONS.length);
    const [nestFloor, bareFastify, deployedShape] = rest.slice(ABLATIONS.length);
    const cacheState = (await fetch(`${production.url}${path}`, { headers })).headers.get('x-cache');
    if (cacheState === 'MISS')
      throw new Error(
        `the warm key answered X-Cache: ${cacheState} after the run; the figures are not of cached reads`,
      );
    const rateLimitingOff = ablatedFigures[ABLATIONS.length - 1];
    return {
      key,
      rateLimitingOn: productionFigures,
      ...(deployedShape && { deployedShape }),
      rateLimitingOff,
      twin: twinFigures,
      nestFloor,
      bareFastify,
      onOverBare: productionFigures.okPerS / bareFastify.okPerS,
      onOverOff: productionFigures.okPerS / rateLimitingOff.okPerS,
      nestFloorOverBare: nestFloor.okPerS / bareFastify.okPerS,
      cpuRatioToBare: usPerRequest(bareFastify) / usPerRequest(productionFigures),
      layers: ABLATIONS.map((a, i) => ({
        layer: a.layer,
        without: ablatedFigures[i],
        costUs: usPerRequest(productionFigures) - usPerRequest(ablatedFigures[i]),
      })),
      rounds: load.rounds,
      pinned: PINNING
        ? `autocannon on core ${PINNING.load}, each measured app on core ${PINNING.measured} (taskset), the other apps moved to core ${PINNING.load} meanwhile`
        : 'not pinned',
    };
  } finally {
    await stopAll(...started);
  }
}
