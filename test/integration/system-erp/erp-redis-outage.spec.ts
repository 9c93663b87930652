import { setTimeout as sleep } from 'node:timers/promises';
import type { AppProcess } from '../../support/app-process';
import {
  DEV_KEYS,
  DEV_STORES,
  type SystemStack,
  startExperienceApp,
  startSystemStack,
} from '../../support/experience-stack';
import { OwnRedisServer } from '../../support/redis-server';
import { callerHeaders, isolatedRedisPrefix, scraperHeaders, stopAll } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

const COMMAND_TIMEOUT_MS = 200;
// A read that waited for the ERP would show: it is far slower than the bound on every answer, which
// leaves room for a command timeout at the storefront's rate limiter and one at system-erp's cache.
const ERP_LATENCY_MS = 5_000;
const ANSWER_BOUND_MS = 1_500;

/** One request of the background traffic: where it went, what it answered, how long it took. */
interface Sent {
  to: 'system-erp' | 'storefront';
  status: number;
  ms: number;
}

describe('system-erp and the storefront while their Redis is stopped mid-run', () => {
  let redisServer: OwnRedisServer;
  let stack: SystemStack;
  let storefront: AppProcess;
  const prefix = isolatedRedisPrefix();
  const storeId = DEV_STORES[0];
  let skus: string[];
  let traffic: ReturnType<typeof trafficOf> | undefined;

  beforeAll(async () => {
    redisServer = await OwnRedisServer.start();
    const redisEnv = {
      REDIS_URL: redisServer.url,
      REDIS_KEY_PREFIX: prefix,
      REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
      REDIS_RECONNECT_MAX_DELAY_MS: '200',
    };
    // Stock stays fresh for the whole test, and a slow ERP is slow, not failing.
    stack = await startSystemStack({
      ...redisEnv,
      STOCK_TTL_S: '600',
      BACKEND_TIMEOUT_MS: String(ERP_LATENCY_MS * 2),
    });
    storefront = await startExperienceApp('experience-storefront', stack, redisEnv);
    skus = (await stack.sandbox.seed()).skus.slice(40, 45);
  });
  afterAll(async () => {
    await traffic?.stop();
    // Redis first: an app waiting on a hung Redis would not finish its requests and stop.
    await redisServer?.kill();
    await stopAll(storefront, ...(stack?.apps ?? []));
  });

  // A request that hangs is given up well past every bound, and counted as failed (status 0).
  const patiently = (url: string, headers: Record<string, string>) =>
    fetch(url, { headers, signal: AbortSignal.timeout(ERP_LATENCY_MS * 3) });
  const erpRead = (path: string) => patiently(`${stack.erp.url}${path}`, callerHeaders('process-orders'));
  const storefrontRead = (path: string) =>
    patiently(`${storefront.url}${path}`, { 'x-api-key': DEV_KEYS.web });
  const readiness = async () => {
    const response = await fetch(`${stack.erp.url}/health/ready`, {
      signal: AbortSignal.timeout(ERP_LATENCY_MS),
    });
    return {
      status: response.status,
      redis: ((await response.json()) as { details: Record<string, { connection?: string }> }).details.redis,
    };
  };
  const redisReported = (connection: 'up' | 'down') =>
    waitFor(async () => {
      const ready = await readiness();
      return ready.redis.connection === connection ? ready : undefined;
    }, `readiness to report Redis ${connection}`);

  /** Reads cached stock in two loops, through system-erp directly and through the storefront, until stopped. */
  function trafficOf(paths: { erp: string; storefront: string }) {
    const sent: Sent[] = [];
    let running = true;
    const loop = async (to: Sent['to'], send: () => Promise<Response>) => {
      while (running) {
        const started = Date.now();
        const status = await send().then(
          async (r) => (await r.arrayBuffer(), r.status),
          () => 0,
        );
        sent.push({ to, status, ms: Date.now() - started });
        // Well within the storefront plan's burst of 20 a second.
        await sleep(100);
      }
    };
    const loops = Promise.all([
      loop('system-erp', () => erpRead(paths.erp)),
      loop('storefront', () => storefrontRead(paths.storefront)),
    ]);
    return {
      sent,
      /** Waits until each loop has sent `n` more requests. */
      async more(n: number) {
        const from = {
          erp: sent.filter((s) => s.to === 'system-erp').length,
          storefront: sent.filter((s) => s.to === 'storefront').length,
        };
        await waitFor(
          async () => {
            const erp = sent.filter((s) => s.to === 'system-erp').length - from.erp;
            const edge = sent.filter((s) => s.to === 'storefront').length - from.storefront;
            return erp >= n && edge >= n ? true : undefined;
          },
          `${n} more requests of each kind`,
          300,
        );
      },
      async stop() {
        running = false;
        await loops;
      },
    };
  }

  it('stays ready, answers cached reads from memory within the command timeout while Redis hangs or is gone, then shares again', async () => {
    const { sandbox } = stack;
    const paths = {
      erp: `/v1/inventory/stores/${storeId}?skus=${skus.join(',')}`,
      storefront: `/v1/stores/${storeId}/availability?skus=${skus.join(',')}`,
    };
    expect((await erpRead(paths.erp)).headers.get('x-cache')).toBe('MISS');
    expect((await storefrontRead(paths.storefront)).status).toBe(200);
    expect(await readiness()).toEqual({
      status: 200,
      redis: { status: 'up', mode: 'redis', connection: 'up' },
    });

    // From here the ERP is slow: a read that needed it would take seconds.
    await sandbox.setFaults('erp', { latencyMs: ERP_LATENCY_MS });
    await sandbox.clearCounters();
    traffic = trafficOf(paths);
    await traffic.more(3);

    // Redis hangs: connections stay open, nothing answers.
    redisServer.freeze();
    expect(await redisReported('down')).toEqual({
      status: 200,
      redis: { status: 'up', mode: 'redis', connection: 'down' },
    });
    await traffic.more(5);

    // Redis is gone: connections refused.
    await redisServer.kill();
    expect((await redisReported('down')).status).toBe(200);
    await traffic.more(5);
    const erpCallsDuringOutage = (await sandbox.counters()).erp.total;

    // Redis is back, empty, on the same port.
    await sandbox.setFaults('erp', { latencyMs: 0 });
    await redisServer.restart();
    expect((await redisReported('up')).status).toBe(200);
    await traffic.more(3);
    await traffic.stop();

    // Every read answered, none waited for Redis past the command timeout or for the slow ERP.
    expect(traffic.sent.filter((s) => s.status !== 200)).toEqual([]);
    expect(traffic.sent.filter((s) => s.ms >= ANSWER_BOUND_MS)).toEqual([]);
    expect(erpCallsDuringOutage).toBe(0);

    // Shared again: new misses are loaded into the restarted Redis, and the storefront counts there again.
    const redis = redisServer.client();
    try {
      await redis.connect();
      const uncached = (await sandbox.seed()).skus.slice(60);
      await waitFor(
        async () => {
          const sku = uncached.shift()!;
          const read = await erpRead(`/v1/inventory/stores/${storeId}?skus=${sku}`);
          expect(read.headers.get('x-cache')).toBe('MISS');
          return (await redis.exists(`${prefix}cache:stock:{${storeId}}:${sku}`)) === 1 ? true : undefined;
        },
        'a new entry in the restarted Redis',
        30,
      );
      expect((await storefrontRead(paths.storefront)).status).toBe(200);
      expect(await redis.keys(`${prefix}rl:*`)).not.toEqual([]);
    } finally {
      redis.disconnect();
    }

    // The storefront took its rate-limit decisions from per-replica counters meanwhile.
    const metrics = await (await fetch(`${storefront.url}/metrics`, { headers: scraperHeaders() })).text();
    expect(Number(/^omnigate_rate_limit_degraded_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);
  });
});
