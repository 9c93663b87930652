import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './stack';

/** The benchmark's own client app: its registry file (CLIENT_APP_REGISTRY_FILE) and its API key. */
export interface BenchClientApp {
  registryFile: string;
  apiKey: string;
  clientAppId: string;
  plan: { name: string; priority: string; limitPerS: number };
}

/**
 * Writes a client-app registry with one storefront-web app on a plan far above any rate this machine
 * can drive, so the rate limiter does all its work (count, headers) but never refuses. The plan's
 * priority is `critical`: with the storefront plans' `browse`, the load shedder refuses with 503 as
 * soon as the event loop lags 100 ms (p99), which a saturated two-core machine shared with other work
 * reaches, and the run would measure shedding decisions instead of what the edge costs. The shedder
 * still runs and counts on every request. Channel scopes are copied from the development registry;
 * the key is new for each run.
 */
export function writeBenchClientRegistry(): BenchClientApp {
  const dev = JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'client-apps.dev.json'), 'utf8')) as {
    channelScopes: unknown;
  };
  const apiKey = `og_bench_storefront-web_${randomBytes(16).toString('hex')}`;
  const clientAppId = 'bench-storefront-web';
  const plan = { name: 'bench-unthrottled', priority: 'critical', limitPerS: 1_000_000 };
  const registry = {
    channelScopes: dev.channelScopes,
    plans: [
      {
        name: plan.name,
        priority: plan.priority,
        windows: [{ name: 'burst', limit: plan.limitPerS, windowS: 1 }],
      },
    ],
    clientApps: [
      {
        clientAppId,
        channel: 'storefront-web',
        plan: plan.name,
        apiKeys: [
          { keyId: 'bench-1', sha256: createHash('sha256').update(apiKey).digest('hex'), status: 'active' },
        ],
      },
    ],
  };
  const registryFile = join(mkdtempSync(join(tmpdir(), 'omnigate-bench-')), 'client-apps.bench.json');
  writeFileSync(registryFile, JSON.stringify(registry, null, 2));
  return { registryFile, apiKey, clientAppId, plan };
}
