import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** What `npm run build` compiles and copies (with --copy-files) into dist/, which the image ships. */
const BUILT_ROOTS = ['apps', 'libs', 'scripts', 'bench'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** The lines of the Dockerfile's last stage: what the image is made of. */
function runtimeStage(): string[] {
  const lines = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').split('\n');
  const starts = lines.flatMap((line, i) => (/^FROM\s/i.test(line) ? [i] : []));
  return lines.slice(starts[starts.length - 1]).filter((line) => !line.trimStart().startsWith('#'));
}

/**
 * The image never ships development settings: the development client registry holds published keys,
 * and an app started in production with it would accept them.
 */
describe('the container image', () => {
  it('keeps development settings and local secrets out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['**/*.dev.json', '.env']));
  });

  it('copies only node_modules, dist and package.json into the image, and no *.dev.json is built into dist', () => {
    const copied = runtimeStage()
      .filter((line) => /^COPY\s/i.test(line))
      .map((line) => line.replace(/^COPY\s+(--from=\S+\s+)?/i, '').split(/\s+/)[0]);
    expect(copied.sort()).toEqual(['/srv/dist', '/srv/node_modules', 'package.json']);
    const devSettings = BUILT_ROOTS.flatMap((root) => filesUnder(join(ROOT, root)))
      .filter((file) => file.endsWith('.dev.json'))
      .map((file) => relative(ROOT, file));
    expect(devSettings).toEqual([]);
  });

  it('runs as an unprivileged user in production mode', () => {
    const stage = runtimeStage();
    expect(stage).toEqual(expect.arrayContaining(['ENV NODE_ENV=production', 'USER node']));
  });
});
