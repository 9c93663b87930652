import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const REPO = join(__dirname, '..', '..');

/** What `npm run build` compiles into dist/ (specs excluded, as in .swcrc). */
const SOURCE_ROOTS = ['apps', 'libs', 'scripts', 'bench'];

interface Newest {
  file: string;
  mtimeMs: number;
}

function newestFile(
  dir: string,
  counts: (name: string) => boolean,
  newest: Newest = { file: '', mtimeMs: 0 },
): Newest {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newestFile(path, counts, newest);
    else if (counts(entry.name)) {
      const { mtimeMs } = statSync(path);
      if (mtimeMs > newest.mtimeMs) Object.assign(newest, { file: path, mtimeMs });
    }
  }
  return newest;
}

/**
 * Why dist/ under `repo` is older than its sources, or null when it is not: the newest compiled
 * source must be older than the newest file the last build wrote.
 */
export function staleBuild(repo: string): string | null {
  const dist = join(repo, 'dist');
  let built: Newest;
  try {
    built = newestFile(dist, (name) => name.endsWith('.js'));
  } catch {
    return 'there is no dist/';
  }
  const source = SOURCE_ROOTS.map((root) =>
    newestFile(join(repo, root), (name) => name.endsWith('.ts') && !name.endsWith('.spec.ts')),
  ).reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a));
  if (source.mtimeMs <= built.mtimeMs) return null;
  return `${relative(repo, source.file)} changed after the last build`;
}

let checked = false;

/**
 * The path of a built file, e.g. `built('apps', 'sandbox', 'src', 'main.js')`. Integration suites run
 * dist/, so a run against a stale build would test yesterday's code: this refuses instead.
 */
export function built(...segments: string[]): string {
  if (!checked) {
    const stale = staleBuild(REPO);
    if (stale) throw new Error(`dist/ is stale (${stale}): run npm run build first`);
    checked = true;
  }
  return join(REPO, 'dist', ...segments);
}
