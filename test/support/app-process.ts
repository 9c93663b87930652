import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { built } from './built';
import { freePort } from './free-port';

/** How an app's process ended: its exit code, or the signal that killed it. */
export interface AppExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One app of the stack running as its own process, built from dist/ (npm test builds first; a stale build is refused). */
export interface AppProcess {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  /** Every JSON log line the process wrote so far. */
  readonly logs: Record<string, unknown>[];
  stderr(): string;
  /** Stops the process with the given signal and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<AppExit>;
}

/**
 * Runs `node dist/apps/<name>/src/main.js` with `env` and waits until its /health/live answers. Apps
 * under test stop without a drain delay (no balancer watches them) unless `env` sets one.
 */
export async function startApp(name: string, env: Record<string, string> = {}): Promise<AppProcess> {
  const port = Number(env.PORT ?? (await freePort()));
  const child: ChildProcess = spawn(process.execPath, [built('apps', name, 'src', 'main.js')], {
    env: {
      PATH: process.env.PATH,
      LOG_LEVEL: 'info',
      SHUTDOWN_DRAIN_DELAY_MS: '0',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        stderr += `${line}\n`;
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<AppExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${stderr}`);
    const live = await fetch(`${url}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (live) break;
    // 90 s: on a machine shared with other test runs an app may take long to boot.
    if (i > 900)
      throw new Error(`${name} did not come up in 90 s:
${stderr}`);
    await sleep(100);
  }
  return {
    name,
    url,
    port,
    logs,
    stderr: () => stderr,
    stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs an app expected to refuse to start; resolves with its exit code and stderr. */
export function runAppExpectingExit(
  name: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [built('apps', name, 'src', 'main.js')], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}
