import { type ChildProcess, spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { cpuSecondsOf } from './process-cpu';
import {
  INTERNAL_CALLERS,
  type InternalCaller,
  callerKeyDigestsSetting,
  newInternalKey,
} from '@omnigate/auth';

/** The repository root, seen from `dist/bench/`. */
export const REPO_ROOT = join(__dirname, '..', '..');

/** One process of the benchmark's stack: an Omnigate app or the bare Fastify baseline. */
export interface BenchProcess {
  readonly name: string;
  readonly url: string;
  /** The last few kilobytes the process wrote, for the error message when it misbehaves. */
  output(): string;
  /** CPU seconds (user + system) the process has used so far; undefined where /proc is not there. */
  cpuSeconds(): number | undefined;
  /** Sends SIGTERM, waits for the exit (SIGKILL after 5 s). */
  stop(): Promise<void>;
}

const OUTPUT_TAIL_CHARS = 16_384;
const START_TIMEOUT_MS = 120_000;
const running = new Set<ChildProcess>();
/** The cores each running process was started on (see commandFor). */
const coresOf = new Map<ChildProcess, string>();

// Whatever way the benchmark ends, it must not leave app processes listening behind it.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}

/**
 * Core pinning (Linux `taskset`, two cores or more, unless BENCH_PIN=off): the bench process, which
 * runs autocannon, on core 0, and the app under measurement on core 1, so the load generator and the
 * app do not take turns on one core and the ratio to bare Fastify (pinned alike) is fairer. The
 * apps not measured (sandbox, the other system APIs) may use any core, except while a read is
 * measured (see withMeasuredCoreAlone).
 */
/** Cores of the machine, counted before the bench pins itself to one. */
export const MACHINE_CPUS = availableParallelism();

export const PINNING = ((): { load: string; measured: string } | undefined => {
  if (process.env.BENCH_PIN === 'off' || MACHINE_CPUS < 2) return undefined;
  try {
    execFileSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
    return { load: '0', measured: '1' };
  } catch {
    return undefined;
  }
})();

/** How a bench process runs: on which cores, and whether it writes a CPU profile on exit. */
export interface ProcessPlacement {
  /** The process is measured: pinned to the measured core, and profiled when BENCH_CPU_PROF_DIR is set. */
  measured?: boolean;
}

/** Folder-safe form of a bench process's name. */
const fileNameOf = (name: string) => name.replace(/[^a-z0-9-]+/gi, '_');

/**
 * `node <entry>`, pinned when the machine allows. With BENCH_CPU_PROF_DIR a measured process writes
 * its CPU profile on exit into `<dir>/<name>/`; with BENCH_CPU_PROF_ALL=1 too, every process does
 * (a workflow's cost is spread over the apps and the sandbox it calls).
 */
function commandFor(
  name: string,
  entry: string,
  placement: ProcessPlacement,
): { file: string; args: string[] } {
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const profiled = profileDir && (placement.measured || process.env.BENCH_CPU_PROF_ALL === '1');
  const node = [
    ...(profiled ? ['--cpu-prof', '--cpu-prof-dir', join(profileDir, fileNameOf(name))] : []),
    entry,
  ];
  if (!PINNING) return { file: process.execPath, args: node };
  return { file: 'taskset', args: ['-c', coresFor(placement), process.execPath, ...node] };
}

/** A child inherits the bench's core 0: a measured app gets the measured core, the others every core back. */
function coresFor(placement: ProcessPlacement): string {
  return placement.measured ? PINNING!.measured : `0-${MACHINE_CPUS - 1}`;
}

/**
 * Runs `measure` with every app not under measurement (the sandbox, the system APIs a read does
 * not measure) moved onto the load generator's core, then gives them their cores back. Idle, they
 * still wake for their timers, and each wake on the measured core took it from the measured app
 * for up to 4.5 ms (perf sched, 2026-12-02): a stall of that size sets a p99 of a few ms. The
 * kernel's own threads still run where they must.
 */
export async function withMeasuredCoreAlone<T>(measure: () => Promise<T>): Promise<T> {
  if (!PINNING) return measure();
  const others = [...coresOf].filter(([, cores]) => cores !== PINNING!.measured);
  const moveTo = (child: ChildProcess, cores: string) => {
    if (child.exitCode !== null || child.pid === undefined) return;
    try {
      // -a: every thread of the process, its libuv and V8 threads too.
      execFileSync('taskset', ['-a', '-p', '-c', cores, String(child.pid)], { stdio: 'ignore' });
    } catch {
      // The process ended meanwhile: nothing to move.
    }
  };
  for (const [child] of others) moveTo(child, PINNING.load);
  try {
    return await measure();
  } finally {
    for (const [child, cores] of others) moveTo(child, cores);
  }
}

/** A file a measured app writes its stdout to, in the bench's temporary directory. */
function openLogFile(name: string): { fd: number; path: string } {
  const path = join(mkdtempSync(join(tmpdir(), 'omnigate-bench-log-')), `${fileNameOf(name)}.log`);
  return { fd: openSync(path, 'w'), path };
}

function tailOf(path: string): string {
  try {
    return readFileSync(path, 'utf8').slice(-OUTPUT_TAIL_CHARS);
  } catch {
    return '';
  }
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
  const keys = Object.fromEntries(
    INTERNAL_CALLERS.map((caller) => [caller, newInternalKey(caller)]),
  ) as Record<InternalCaller, string>;
  return { keys, accepted: callerKeyDigestsSetting(keys) };
}

/** Runs `node <entry>` with `env` (plus PORT) and waits until its `/health/live` answers 200. */
export async function startProcess(
  name: string,
  entry: string,
  env: Record<string, string>,
  placement: ProcessPlacement = {},
): Promise<BenchProcess> {
  const port = await freePort();
  const command = commandFor(name, entry, placement);
  const logFile = placement.measured ? openLogFile(name) : undefined;
  // Only PATH is inherited: an app must not pick up REDIS_URL or DATABASE_URL from the caller's shell by accident.
  const child = spawn(command.file, command.args, {
    // No balancer watches a bench app, so it stops without a drain delay.
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'warn',
      SHUTDOWN_DRAIN_DELAY_MS: '0',
      ...env,
      PORT: String(port),
    },
    // A measured app logs to a file: a pipe read by this process, busy running autocannon, would
    // make every log write wait on the bench, which no log collector does to a deployed app.
    stdio: ['ignore', logFile === undefined ? 'pipe' : logFile.fd, 'pipe'],
  });
  running.add(child);
  if (PINNING) coresOf.set(child, coresFor(placement));
  if (logFile) closeSync(logFile.fd);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  const output = () => (logFile ? `${tailOf(logFile.path)}\n${tail}` : tail);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      coresOf.delete(child);
      resolve();
    }),
  );

  const url = `http://127.0.0.1:${port}`;
  // Generous: on a busy two-core machine a dozen apps starting at once take a while.
  const startBy = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode} while starting:\n${output()}`);
    const live = await fetch(`${url}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (live) break;
    if (Date.now() > startBy) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer /health/live within ${START_TIMEOUT_MS / 1000} s:
${output()}`);
    }
    await sleep(100);
  }

  return {
    name,
    url,
    output,
    cpuSeconds: () => cpuSecondsOf(child.pid),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(killer);
      }
      if (logFile) rmSync(dirname(logFile.path), { recursive: true, force: true });
    },
  };
}

/** Starts `dist/apps/<app>/src/main.js` (npm run bench builds first). */
export function startApp(
  app: string,
  env: Record<string, string>,
  placement: ProcessPlacement = {},
): Promise<BenchProcess> {
  return startProcess(app, join(REPO_ROOT, 'dist', 'apps', app, 'src', 'main.js'), env, placement);
}

/** Starts the bare Fastify baseline answering `body` (JSON) on every GET, in its own process. */
export function startBareFastify(name: string, body: unknown): Promise<BenchProcess> {
  return startProcess(
    name,
    join(__dirname, 'bare-fastify.js'),
    { BARE_BODY: JSON.stringify(body) },
    { measured: true },
  );
}

/** Starts the Nest floor: a plain Nest app on Fastify answering `body` (JSON) on every GET, nothing else. */
export function startBareNest(name: string, body: unknown): Promise<BenchProcess> {
  return startProcess(
    name,
    join(__dirname, 'bare-nest.js'),
    { BARE_BODY: JSON.stringify(body) },
    { measured: true },
  );
}

/** Drops a process-orders schema and its job schema that a section made on the bench's PostgreSQL. */
export async function dropBenchSchemas(databaseUrl: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`);
  } finally {
    await client.end();
  }
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

/** What a system API runs with in the bench: its backend in the sandbox, this run's caller keys. */
export function systemAppEnv(
  name: SystemAppName,
  sandboxUrl: string,
  callers: BenchCallers,
): Record<string, string> {
  return {
    BACKEND_URL: `${sandboxUrl}${VENDOR_PATHS[name]}`,
    INTERNAL_CALLER_KEY_DIGESTS: callers.accepted,
    // Production's access log level (the bench's other apps log warnings only).
    ...(name === 'system-erp' && { LOG_LEVEL: 'info' }),
  };
}

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
      startApp(
        name,
        systemAppEnv(name, sandbox.url, callers),
        // system-erp's cached read is measured (foundation); the others only answer.
        { measured: name === 'system-erp' },
      ),
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
