import type { AppProcess } from '../support/app-process';
import type { SandboxClient } from '../support/sandbox-client';
import { callerHeaders, startSandbox, startSystemApp, stopAll } from '../support/stack';
import { waitFor } from '../support/wait-for';

const STORE = 'ST-6930';

describe('an app stopped with SIGTERM', () => {
  let sandboxApp: AppProcess;
  let sandbox: SandboxClient;
  let skus: string[];
  const started: AppProcess[] = [];

  beforeAll(async () => {
    ({ app: sandboxApp, sandbox } = await startSandbox({ LOG_LEVEL: 'warn' }));
    skus = (await sandbox.seed()).skus;
  });
  afterAll(() => stopAll(...started, sandboxApp));

  const startSystemPos = async (env: Record<string, string>) => {
    const app = await startSystemApp('system-pos', sandboxApp.url, { LOG_LEVEL: 'info', ...env });
    started.push(app);
    return app;
  };
  const prices = (app: AppProcess, sku: string) =>
    fetch(`${app.url}/v1/stores/${STORE}/prices?skus=${sku}`, { headers: callerHeaders('process-orders') });
  const logged = (app: AppProcess) => app.logs.map((line) => String(line.msg));

  it('turns unready first and keeps serving every other route through the drain delay, then exits 0', async () => {
    const app = await startSystemPos({ SHUTDOWN_DRAIN_DELAY_MS: '5000' });
    expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);

    const exited = app.stop('SIGTERM');
    await waitFor(
      async () => ((await fetch(`${app.url}/health/ready`)).status === 503 ? true : undefined),
      'readiness to answer 503',
      100,
      20,
    );
    const live = await fetch(`${app.url}/health/live`);
    expect(live.status).toBe(200);
    // An uncached read goes to the backend and back while the replica drains; the answer asks the client to reconnect elsewhere.
    const read = await prices(app, skus[3]);
    expect(read.status).toBe(200);
    const { prices: priced, unknownSkus } = (await read.json()) as {
      prices: { sku: string }[];
      unknownSkus: string[];
    };
    expect([...priced.map((p) => p.sku), ...unknownSkus]).toEqual([skus[3]]);
    expect(read.headers.get('connection')).toBe('close');
    expect(logged(app)).not.toContain(
      'drain delay over: closing the listener, finishing requests in flight and running jobs',
    );

    expect(await exited).toEqual({ code: 0, signal: null });
    const steps = logged(app).filter((msg) => /^(shutting down|drain delay over|stopped)/.test(msg));
    expect(steps.map((msg) => msg.split(':')[0])).toEqual(['shutting down', 'drain delay over', 'stopped']);
  });

  it('exits 1 once the shutdown timeout passes, without waiting for work that outlasts it', async () => {
    const app = await startSystemPos({
      SHUTDOWN_DRAIN_DELAY_MS: '0',
      SHUTDOWN_TIMEOUT_MS: '3000',
      BACKEND_TIMEOUT_MS: '60000',
    });
    const before = (await sandbox.counters()).pos.total;
    await sandbox.setFaults('pos', { latencyMs: 30_000 });
    try {
      const slowRead = prices(app, skus[4]).then(
        (answer) => answer.status,
        (error: Error) => error.message,
      );
      await waitFor(
        async () => ((await sandbox.counters()).pos.total > before ? true : undefined),
        'the read to reach the POS back office',
        100,
        20,
      );

      expect(await app.stop('SIGTERM')).toEqual({ code: 1, signal: null });
      expect(await slowRead).toBe('fetch failed');
      expect(logged(app)).toContain('shutdown took too long; exiting');
    } finally {
      await sandbox.setFaults('pos', { latencyMs: 5 });
    }
  });
});
