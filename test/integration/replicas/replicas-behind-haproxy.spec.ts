import { setTimeout as sleep } from 'node:timers/promises';
import {
  TEST_CHANNEL_SCOPES,
  removeTestRegistries,
  writeTestRegistry,
} from '../../../libs/auth/test/registry-fixture';
import { type AppProcess, startApp } from '../../support/app-process';
import { DEV_STORES, experienceKeys, TEST_SHEDDING } from '../../support/experience-stack';
import { freePort } from '../../support/free-port';
import { HaproxyBalancer, serverName } from '../../support/haproxy';
import type { RecordedCall, SandboxClient } from '../../support/sandbox-client';
import { REDIS_URL, isolatedRedisPrefix, startSandbox, startSystemApp, stopAll } from '../../support/stack';

/** The plan of the client app whose burst is counted: exactly this many per window, whichever replica answers. */
const PLAN_LIMIT = 12;
/** How long a stock position stays fresh in system-erp's shared cache: the load lasts several of these. */
const STOCK_TTL_S = 3;
/** Requests the load keeps in flight through HAProxy. */
const CONCURRENCY = 8;
const STOCK_READ = 'A_MatlStkInAcctMod';

/** One request of the load, as the client saw it. */
interface Sent {
  path: string;
  startedAt: number;
  finishedAt?: number;
  status?: number;
  servedBy?: string;
  /** The start of a failure's answer. */
  problem?: string;
  error?: string;
}

/** `CONCURRENCY` clients reading `paths` in turn through `url`, each sending its next request when its last is answered, until stopped. */
function keepLoad(url: string, paths: string[], apiKey: string) {
  const sent: Sent[] = [];
  let on = true;
  const client = async (offset: number) => {
    for (let n = offset; on; n += CONCURRENCY) {
      const entry: Sent = { path: paths[n % paths.length], startedAt: Date.now() };
      sent.push(entry);
      try {
        const answer = await fetch(`${url}${entry.path}`, { headers: { 'x-api-key': apiKey } });
        entry.status = answer.status;
        entry.servedBy = answer.headers.get('x-served-by') ?? undefined;
        const body = await answer.text();
        if (!answer.ok) entry.problem = body.slice(0, 300);
      } catch (error) {
        entry.error = String((error as Error).cause ?? error);
      }
      entry.finishedAt = Date.now();
    }
  };
  const clients = Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => client(i)));
  return {
    sent,
    async stop(): Promise<Sent[]> {
      on = false;
      await clients;
      return sent;
    },
  };
}

/** The SKU a stock read asked the ERP for (the load asks for one SKU per request). */
function materialOf(call: RecordedCall): string {
  return /Material eq '([^']+)'/.exec(decodeURIComponent(call.path.replace(/\+/g, ' ')))![1];
}

/**
 * The stack as a platform runs it past one machine: three experience-storefront replicas and two
 * system-erp replicas behind Debian's HAProxy, sharing Redis, over the sandbox. A load keeps running
 * through HAProxy while one storefront replica is killed (SIGKILL: no drain, no goodbye).
 */
describe('replicas behind HAProxy', () => {
  const { file, keys } = writeTestRegistry(
    [
      { clientAppId: 'shop', channel: 'storefront-web', plan: 'load', keys: [['shop', 'active']] },
      { clientAppId: 'small', channel: 'storefront-web', plan: 'small', keys: [['small', 'active']] },
    ],
    (raw) => {
      raw.channelScopes = TEST_CHANNEL_SCOPES;
      raw.plans = [
        // The load is not what is limited here: its plan is far above what it sends.
        { name: 'load', priority: 'browse', windows: [{ name: 'burst', limit: 100_000, windowS: 1 }] },
        // One long window keeps the burst clear of a window boundary.
        { name: 'small', priority: 'browse', windows: [{ name: 'burst', limit: PLAN_LIMIT, windowS: 60 }] },
      ];
    },
  );
  let sandboxApp: AppProcess;
  let sandbox: SandboxClient;
  let erps: AppProcess[];
  let storefronts: AppProcess[];
  let haproxy: HaproxyBalancer;
  /** Every app started so far, stopped after the tests even when starting the others failed. */
  const started: AppProcess[] = [];
  const track = async (app: Promise<AppProcess>) => {
    started.push(await app);
    return started[started.length - 1];
  };
  let loadPaths: string[];
  let loadSkus: string[];

  beforeAll(async () => {
    ({ app: sandboxApp, sandbox } = await startSandbox({ LOG_LEVEL: 'warn' }));
    started.push(sandboxApp);
    // A stalled event loop on a busy two-core machine must not time out Redis commands: a timed-out lock
    // fails open (each replica loads alone), which is erp-redis-outage.spec.ts's subject, not this one's.
    const erpEnv = {
      LOG_LEVEL: 'warn',
      REDIS_URL,
      REDIS_KEY_PREFIX: isolatedRedisPrefix(),
      REDIS_COMMAND_TIMEOUT_MS: '5000',
      STOCK_TTL_S: String(STOCK_TTL_S),
    };
    const [erpReplicas, pos, loyalty] = await Promise.all([
      Promise.all([1, 2].map(() => track(startSystemApp('system-erp', sandboxApp.url, erpEnv)))),
      track(startSystemApp('system-pos', sandboxApp.url, { LOG_LEVEL: 'warn' })),
      track(startSystemApp('system-loyalty', sandboxApp.url, { LOG_LEVEL: 'warn' })),
    ]);
    erps = erpReplicas;
    // HAProxy starts first, so the storefront replicas can be told its system-erp frontend; they listen
    // on ports chosen now, and its health checks find them once they are up.
    const storefrontPorts = await Promise.all([1, 2, 3].map(() => freePort()));
    haproxy = await HaproxyBalancer.start([
      { name: 'experience-storefront', replicas: storefrontPorts.map((port) => `http://127.0.0.1:${port}`) },
      { name: 'system-erp', replicas: erps.map((e) => e.url) },
    ]);
    const storefrontEnv = {
      LOG_LEVEL: 'warn',
      ...experienceKeys('experience-storefront'),
      CLIENT_APP_REGISTRY_FILE: file,
      SYSTEM_ERP_URL: haproxy.urls['system-erp'],
      SYSTEM_POS_URL: pos.url,
      SYSTEM_LOYALTY_URL: loyalty.url,
      PROCESS_ORDERS_URL: 'http://127.0.0.1:9',
      REDIS_URL,
      REDIS_KEY_PREFIX: isolatedRedisPrefix(),
      REDIS_COMMAND_TIMEOUT_MS: '5000',
      ...TEST_SHEDDING,
    };
    storefronts = await Promise.all(
      storefrontPorts.map((port) =>
        track(startApp('experience-storefront', { ...storefrontEnv, PORT: String(port) })),
      ),
    );
    await haproxy.untilEveryReplicaUp();
    loadSkus = (await sandbox.seed()).skus.slice(20, 24);
    loadPaths = loadSkus.map((sku) => `/v1/stores/${DEV_STORES[0]}/availability?skus=${sku}`);
  }, 240_000);
  afterAll(async () => {
    await haproxy?.stop();
    await stopAll(...started);
    removeTestRegistries();
  });

  it('keeps the plan exact across three replicas: N of 3N concurrent calls pass, whichever replica answers', async () => {
    const path = `/v1/stores/${DEV_STORES[0]}/availability?skus=${loadSkus[0]}`;
    const answers = await Promise.all(
      Array.from({ length: 3 * PLAN_LIMIT }, () =>
        fetch(`${haproxy.urls['experience-storefront']}${path}`, { headers: { 'x-api-key': keys.small } }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(PLAN_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2 * PLAN_LIMIT);
    // HAProxy spread the burst over all three replicas, so the counting was shared, not one replica's own.
    expect(new Set(answers.map((a) => a.headers.get('x-served-by')))).toEqual(
      new Set([0, 1, 2].map((i) => serverName('experience-storefront', i))),
    );
  });

  it('fails only the requests in flight on a killed storefront replica, and makes one ERP call per SKU per TTL', async () => {
    // Where the killed replica's requests fail, the client sees 502 from HAProxy or a broken connection.
    const target = storefronts[1];
    const targetServer = serverName('experience-storefront', 1);
    const loadStartedAt = Date.now();
    const load = keepLoad(haproxy.urls['experience-storefront'], loadPaths, keys.shop);
    await sleep(2_500);
    const signalledAt = Date.now();
    await target.stop('SIGKILL');
    // Its exit seen: a request sent since found it dead.
    const killedAt = Date.now();
    await haproxy.until(targetServer, 'DOWN');
    // The load outlives two TTLs after the kill, so every SKU is read from the ERP again more than once.
    await sleep(2.5 * STOCK_TTL_S * 1000);
    const sent = await load.stop();
    const loadEndedAt = Date.now();

    const failed = sent.filter((s) => s.status !== 200);
    // Only requests on the killed replica between the signal and its exit failed: one per client in
    // flight, and at most one more for a client whose next request HAProxy sent to the dying replica
    // (its listening socket takes connections until the process is gone). None was sent after it.
    expect(failed.length).toBeLessThanOrEqual(2 * CONCURRENCY);
    expect(failed.filter((f) => f.startedAt > killedAt || f.finishedAt! < signalledAt)).toEqual([]);
    const afterKill = sent.filter((s) => s.startedAt > killedAt);
    expect(afterKill.length).toBeGreaterThan(10 * CONCURRENCY);
    expect(afterKill.map((s) => s.status)).toEqual(afterKill.map(() => 200));
    // The other two replicas carried the load after the kill, the killed one never answered again.
    expect(new Set(afterKill.map((s) => s.servedBy))).toEqual(
      new Set([0, 2].map((i) => serverName('experience-storefront', i))),
    );
    // Before the kill, all three carried it.
    expect(
      new Set(sent.filter((s) => s.status === 200 && s.finishedAt! < signalledAt).map((s) => s.servedBy)),
    ).toEqual(new Set([0, 1, 2].map((i) => serverName('experience-storefront', i))));

    // Three storefront replicas read each SKU through two system-erp replicas, yet the ERP was asked once per
    // SKU per TTL: the stock stays fresh for STOCK_TTL_S in the shared cache, then one replica refreshes it for all.
    const reads = (await sandbox.calls('erp')).filter(
      (c) => c.path.includes(STOCK_READ) && Date.parse(c.receivedAt) >= loadStartedAt,
    );
    const loadS = (loadEndedAt - loadStartedAt) / 1000;
    for (const sku of loadSkus) {
      const ofSku = reads.filter((c) => materialOf(c) === sku);
      expect(ofSku.length).toBeGreaterThanOrEqual(2);
      expect(ofSku.length).toBeLessThanOrEqual(Math.ceil(loadS / STOCK_TTL_S) + 1);
      for (let i = 1; i < ofSku.length; i++) {
        // A read comes only once the last one's answer, stored when it arrived, is STOCK_TTL_S old.
        expect(Date.parse(ofSku[i].receivedAt) - Date.parse(ofSku[i - 1].finishedAt)).toBeGreaterThanOrEqual(
          STOCK_TTL_S * 1000,
        );
      }
    }
  });
});
