import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { STACK_APPS } from '../../scripts/stack-apps';
import { built } from '../support/built';
import { until } from '../support/orders-stack';

const ALL_UP = 'Development API keys';

/**
 * What `npm start` prints, as a person at a terminal reads it: one line per app as it comes up, then
 * the summary with every app's address and the development keys; no framework start-up narration.
 * It runs the stack script as `npm start` does (after the build), on the apps' default ports.
 */
describe('npm start', () => {
  let stack: ChildProcess;
  let output = '';

  beforeAll(async () => {
    const env = { ...process.env };
    delete env.LOG_FORMAT;
    delete env.LOG_LEVEL;
    stack = spawn(process.execPath, [built('scripts', 'start-stack.js')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Up when the summary is printed; a stack that stops first, or never gets there, fails with what it printed.
    await new Promise<void>((resolve, reject) => {
      const failWith = (why: string) => reject(new Error(`npm start ${why}; it printed:\n${output}`));
      const timer = setTimeout(() => failWith('was not up in 180 s'), 180_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(ALL_UP)) {
          clearTimeout(timer);
          resolve();
        }
      };
      stack.stdout!.on('data', read);
      stack.stderr!.on('data', read);
      stack.once('exit', (code) => {
        clearTimeout(timer);
        failWith(`exited with code ${code} before it was up`);
      });
    });
  }, 200_000);
  afterAll(async () => {
    if (stack.exitCode === null) {
      stack.kill('SIGTERM');
      await once(stack, 'exit');
    }
  });

  it('prints one readable line per app coming up, then the summary, and nothing else', () => {
    const [startUp, summary] = output.split('Omnigate is up');
    const lines = startUp.split('\n').filter((line) => line.trim() !== '');
    expect(lines).toHaveLength(STACK_APPS.length);
    lines.forEach((line, i) => {
      const { name, port } = STACK_APPS[i];
      expect(line).toMatch(
        new RegExp(
          `^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  ${name} ${name} listening url=http://127\\.0\\.0\\.1:${port} `,
        ),
      );
    });
    for (const { name, port } of STACK_APPS)
      expect(summary).toContain(
        `${name.padEnd(24)} http://127.0.0.1:${port}   docs: http://127.0.0.1:${port}/docs`,
      );
    expect(summary).toContain('X-Api-Key: og_dev_storefront-web_');
  });

  it('answers on every port it printed, and stops every app on SIGTERM', async () => {
    for (const { port } of STACK_APPS)
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    stack.kill('SIGTERM');
    await once(stack, 'exit');
    await until('every app stopped', async () => {
      const answers = await Promise.all(
        STACK_APPS.map(({ port }) =>
          fetch(`http://127.0.0.1:${port}/health/live`).then(
            () => 'up',
            () => 'down',
          ),
        ),
      );
      return answers.every((a) => a === 'down') ? true : undefined;
    });
  });
});
