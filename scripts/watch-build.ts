import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * `npm run dev`'s compiler: SWC over the same sources and into the same dist/ as `npm run build`,
 * recompiling each file as it changes. Resolves once the first full compile is written and the
 * watcher is ready, so the apps start on a complete build and restart only for real changes.
 */
export function watchBuild(root: string): Promise<ChildProcess> {
  const swc = spawn(
    process.execPath,
    [
      require.resolve('@swc/cli/bin/swc.js'),
      'apps',
      'libs',
      'scripts',
      'bench',
      '-d',
      'dist',
      '--copy-files',
      '--watch',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  swc.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[swc] ${chunk.toString()}`));
  return new Promise((resolve, reject) => {
    swc.once('exit', (code) => reject(new Error(`swc --watch exited with code ${code}`)));
    createInterface({ input: swc.stdout! }).on('line', (line) => {
      process.stdout.write(`[swc] ${line}\n`);
      if (line.startsWith('Watching for file changes')) resolve(swc);
    });
  });
}
