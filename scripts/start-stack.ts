import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  INTERNAL_CALLERS,
  type InternalCaller,
  callerKeyDigestsSetting,
  newInternalKey,
} from '@omnigate/auth';
import { developmentKeys, newControlTowerKeys } from './development-keys';
import { STACK_APPS, type StackApp, mainOf } from './stack-apps';
import { watchBuild } from './watch-build';

/**
 * `npm start`: runs every app of the stack on its embedded defaults (PGlite, in-memory stores, the
 * sandbox as backends), each in its own process, and stops them all together. With `--watch`
 * (`npm run dev`) SWC recompiles each changed source into dist/ and Node restarts the apps that load it.
 */
const children: ChildProcess[] = [];
const watch = process.argv.includes('--watch');
const root = join(__dirname, '..', '..');
// For a person at a terminal unless the environment says otherwise; the apps' own default is JSON.
const logFormat = process.env.LOG_FORMAT ?? 'pretty';

// One key per internal caller, new on every run; every app recognises every caller, and each route
// admits only the callers it names.
const keys = Object.fromEntries(INTERNAL_CALLERS.map((caller) => [caller, newInternalKey(caller)])) as Record<
  InternalCaller,
  string
>;
const acceptedCallers = callerKeyDigestsSetting(keys);
// The control tower's sign-in keys, new on every run: one viewer, one operator.
const towerKeys = newControlTowerKeys();

function internalKeysOf(app: StackApp): Record<string, string> {
  if (app.layer === 'sandbox') return {};
  return {
    INTERNAL_CALLER_KEY_DIGESTS: acceptedCallers,
    ...(app.caller && { INTERNAL_SERVICE_KEY: keys[app.caller] }),
    ...(app.name === 'control-tower' && towerKeys.settings),
  };
}

function stopAll(code: number): never {
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
}

/** How long an app may take to come up: a busy laptop or CI machine starts process-orders' embedded database slowly. */
const START_WAIT_MS = 90_000;

async function waitUntilLive(port: number, name: string): Promise<void> {
  // Node takes longer to start an app it watches (every loaded file is watched).
  const deadline = Date.now() + (watch ? 2 : 1) * START_WAIT_MS;
  while (Date.now() < deadline) {
    const live = await fetch(`http://127.0.0.1:${port}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (live) return;
    await sleep(100);
  }
  process.stderr.write(`${name} did not come up on port ${port}\n`);
  stopAll(1);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
  if (watch) children.push(await watchBuild(root));
  // node --watch restarts an app when a file it loaded changes, and waits for the next change when it crashes.
  const nodeArgs = watch ? ['--watch', '--watch-preserve-output'] : [];
  for (const app of STACK_APPS) {
    const child = spawn(process.execPath, [...nodeArgs, mainOf(app.name)], {
      // No balancer in development: Ctrl-C stops at once unless SHUTDOWN_DRAIN_DELAY_MS says otherwise.
      env: {
        PORT: String(app.port),
        ...internalKeysOf(app),
        SHUTDOWN_DRAIN_DELAY_MS: '0',
        ...process.env,
        LOG_FORMAT: logFormat,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code) => {
      process.stderr.write(`${app.name} exited with code ${code}; stopping the stack\n`);
      stopAll(1);
    });
    children.push(child);
    await waitUntilLive(app.port, app.name);
  }
  const rows = STACK_APPS.map(
    (a) => `  ${a.name.padEnd(24)} http://127.0.0.1:${a.port}   docs: http://127.0.0.1:${a.port}/docs`,
  );
  const tower = STACK_APPS.find((a) => a.name === 'control-tower')!;
  const mode = watch ? ', restarting apps when their sources change' : '';
  process.stdout.write(
    `\nOmnigate is up${mode} (Ctrl-C stops it):\n${rows.join('\n')}\n  control tower page       http://127.0.0.1:${tower.port}/\n\n`,
  );
  process.stdout.write(
    'Internal keys of this run (development only):\n' +
      `  operator        X-Service-Key: ${keys.operator}   (process-orders /v1/ops/...)\n` +
      `  metrics-scraper Authorization: Bearer ${keys['metrics-scraper']}   (/metrics of every app)\n` +
      `  control tower   viewer: ${towerKeys.viewer}   operator: ${towerKeys.operator}   (sign in at http://127.0.0.1:${tower.port}/)\n\n`,
  );
  const apiKeys = developmentKeys(root).map((k) => `  ${k.clientAppId.padEnd(24)} X-Api-Key: ${k.key}`);
  process.stdout.write(
    `Development API keys (config/README.md; Authorize with one in each app's /docs to try it):\n${apiKeys.join('\n')}\n\n`,
  );
}

// An unhandled rejection ends the process with its stack, which is what a failed script should do.
void main();
