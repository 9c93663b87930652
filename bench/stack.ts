import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { INTERNAL_CALLERS, type InternalCaller, callerKeyDigestsSetting, newInternalKey } from '@omnigate/auth';

/** The repository root, seen from `dist/bench/`. */
export const REPO_ROOT = join(__dirname, '..', '..');

/** One process of the benchmark's stack: an Omnigate app or the bare Fastify baseline. */
export interface BenchProcess {
  readonly name: string;
  readonly url: string;
  /** The last few kilobytes the process wrote, for the error message when it misbehaves. */
  output(): string;
  /** Sends SIGTERM, waits for the exit (SIGKILL after 5 s). */
  stop(): Promise<void>;
}

const OUTPUT_TAIL_CHARS = 16_384;
const running = new Set<ChildProcess>();

// Whatever way the benchmark ends, it must not leave app processes listening behind it.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}

/** A TCP port nobody listens on right now: the bench never uses the stack's fixed ports, so it can run beside `npm start`. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** This run's key of each internal caller, and the `INTERNAL_CALLER_KEY_DIGESTS` recognising them all. */
export interface BenchCallers {
  readonly keys: Readonly<Record<InternalCaller, string>>;
  readonly accepted: string;
}

/** A fresh key for every internal caller; each route still admits only the callers it names. */
export function newCallers(): BenchCallers {
  const keys = Object.fromEntries(INTERNAL_CALLERS.map((caller) => [caller, newInternalKey(caller)])) as Record<InternalCaller, string>;
  return { keys, accepted: callerKeyDigestsSetting(keys) };
}

/** Runs `node <entry>` with `env` (plus PORT) and waits until its `/health/live` answers 200. */
export async function startProcess(
  name: string,
  entry: string,
  env: Record<string, string>,
): Promise<BenchProcess> {
  const port = await freePort();
  // Only PATH is inherited: an app must not pick up REDIS_URL or DATABASE_URL from the caller's shell by accident.
  const child = spawn(process.execPath, [entry], {
    // No balancer watches a bench app, so it stops without a drain delay.
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', SHUTDOWN_DRAIN_DELAY_MS: '0', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );

  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode} while starting:\n${tail}`);
    const live = await fetch(`${url}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (live) break;
    if (attempt > 300) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer /health/live within 30 s:\n${tail}`);
    }
    await sleep(100);
  }

  return {
    name,
    url,
    output: () => tail,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Starts `dist/apps/<app>/src/main.js` (npm run bench builds first). */
export function startApp(app: string, env: Record<string, string>): Promise<BenchProcess> {
  return startProcess(app, join(REPO_ROOT, 'dist', 'apps', app, 'src', 'main.js'), env);
}

/** Starts the bare Fastify baseline answering `body` (JSON) on every GET, in its own process. */
export function startBareFastify(name: string, body: unknown): Promise<BenchProcess> {
  return startProcess(name, join(__dirname, 'bare-fastify.js'), { BARE_BODY: JSON.stringify(body) });
}

/** Stops every given process; a missing one is skipped. */
export async function stopAll(...processes: (BenchProcess | undefined)[]): Promise<void> {
  await Promise.all(processes.map((p) => p?.stop()));
}

const VENDOR_PATHS = {
  'system-erp': '/erp/sap/opu/odata/sap',
  'system-pos': '/pos-bo/api',
  'system-loyalty': '/loyalty/api/v2',
  'system-oms': '/oms/v1',
} as const;

type SystemAppName = keyof typeof VENDOR_PATHS;

/** The sandbox and the four system APIs over it, on embedded defaults (in-memory caches, no Redis). */
export interface BackendStack {
  readonly callers: BenchCallers;
  readonly sandbox: BenchProcess;
  readonly systems: Record<SystemAppName, BenchProcess>;
  stop(): Promise<void>;
}

/** Starts the sandbox, then system-erp, system-pos, system-loyalty and system-oms against it. */
export async function startBackendStack(callers: BenchCallers): Promise<BackendStack> {
  const sandbox = await startApp('sandbox', {});
  const names = Object.keys(VENDOR_PATHS) as SystemAppName[];
  const started = await Promise.allSettled(
    names.map((name) =>
      startApp(name, {
        BACKEND_URL: `${sandbox.url}${VENDOR_PATHS[name]}`,
        INTERNAL_CALLER_KEY_DIGESTS: callers.accepted,
      }),
    ),
  );
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stopAll(sandbox, ...started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])));
    throw failed.reason;
  }
  const systems = Object.fromEntries(
    names.map((name, i) => [name, (started[i] as PromiseFulfilledResult<BenchProcess>).value]),
  ) as Record<SystemAppName, BenchProcess>;
  return {
    callers,
    sandbox,
    systems,
    stop: () => stopAll(...Object.values(systems), sandbox),
  };
}
