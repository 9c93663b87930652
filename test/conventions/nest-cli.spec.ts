import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');

interface Project {
  type: 'application' | 'library';
  root: string;
  sourceRoot: string;
  entryFile: string;
}
const NEST_CLI = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')) as {
  monorepo: boolean;
  projects: Record<string, Project>;
};

/** The directories of a layer: the apps or the libs of the house. */
function directoriesOf(layer: 'apps' | 'libs'): string[] {
  return readdirSync(join(ROOT, layer), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The projects nest-cli.json declares under a layer, by the directory they sit in. */
function projectsUnder(layer: 'apps' | 'libs'): string[] {
  return Object.values(NEST_CLI.projects)
    .filter((project) => dirname(project.root) === layer)
    .map((project) => project.root.slice(layer.length + 1))
    .sort();
}

/** `nest build <app>` and `nest start --watch <app>` work because nest-cli.json knows every app and lib. */
describe('nest-cli.json', () => {
  it('is a monorepo with a project for every app and lib directory, and none besides', () => {
    expect(NEST_CLI.monorepo).toBe(true);
    expect(projectsUnder('apps')).toEqual(directoriesOf('apps'));
    expect(projectsUnder('libs')).toEqual(directoriesOf('libs'));
    expect(Object.keys(NEST_CLI.projects).sort()).toEqual(
      [...directoriesOf('apps'), ...directoriesOf('libs')].sort(),
    );
  });

  it('names each project after its directory, with its kind, source root and an entry file that exists', () => {
    const wrong = Object.entries(NEST_CLI.projects).flatMap(([name, project]) => {
      const layer = project.type === 'application' ? 'apps' : 'libs';
      const expected = {
        root: `${layer}/${name}`,
        sourceRoot: `${layer}/${name}/src`,
        entryFile: project.type === 'application' ? 'main' : 'index',
      };
      const actual = { root: project.root, sourceRoot: project.sourceRoot, entryFile: project.entryFile };
      const entry = join(ROOT, project.sourceRoot, `${project.entryFile}.ts`);
      return [
        ...(JSON.stringify(actual) === JSON.stringify(expected)
          ? []
          : [`${name}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`]),
        ...(existsSync(entry) ? [] : [`${name}: no ${relative(ROOT, entry)}`]),
      ];
    });
    expect(wrong).toEqual([]);
  });

  // About 15 s on the development machine, most of it npx and the CLI starting; SWC itself takes half a second.
  it('builds system-erp with `nest build` (the SWC builder) to the main.js `nest start` runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nest-build-'));
    try {
      // The repository's tsconfig with another outDir, so the test never writes into the dist/ other suites run.
      const outDir = join(dir, 'out');
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ extends: join(ROOT, 'tsconfig.json'), compilerOptions: { outDir } }),
      );
      // The CLI joins -p to the working directory, so it takes a relative path.
      await promisify(execFile)(
        'npx',
        ['nest', 'build', 'system-erp', '-p', relative(ROOT, join(dir, 'tsconfig.json'))],
        { cwd: ROOT, timeout: 60_000 },
      );

      // Where `nest start system-erp` looks first: <outDir>/<sourceRoot>/<entryFile>.js.
      const project = NEST_CLI.projects['system-erp'];
      const main = join(outDir, project.sourceRoot, `${project.entryFile}.js`);
      expect(existsSync(main)).toBe(true);
      // The @omnigate/* paths are rewritten to files of the same build, so the output runs where it is.
      const required = [...readFileSync(main, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map(
        ([, spec]) => spec,
      );
      const ours = required.filter((spec) => spec.startsWith('.') || spec.startsWith('@omnigate/'));
      expect(ours.length).toBeGreaterThan(0);
      for (const spec of ours) expect(require.resolve(join(dirname(main), spec))).toContain(outDir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
