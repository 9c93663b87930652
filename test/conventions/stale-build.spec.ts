import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staleBuild } from '../support/built';

/** A repository laid out like ours: one source per compiled root, one built file, at chosen times. */
function repoAt(times: { source: number; spec?: number; built?: number }): string {
  const repo = mkdtempSync(join(tmpdir(), 'stale-build-'));
  const write = (path: string, epochS: number) => {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), '');
    utimesSync(join(repo, path), epochS, epochS);
  };
  for (const root of ['apps/sandbox/src', 'libs/config/src', 'scripts', 'bench'])
    write(`${root}/old.ts`, 1_000);
  write('libs/cache/src/read-through-cache.ts', times.source);
  if (times.spec) write('libs/cache/src/read-through-cache.spec.ts', times.spec);
  if (times.built) write('dist/libs/cache/src/read-through-cache.js', times.built);
  return repo;
}

describe('a stale dist/ is refused', () => {
  const repos: string[] = [];
  const repo = (times: Parameters<typeof repoAt>[0]) => {
    repos.push(repoAt(times));
    return repos.at(-1)!;
  };
  afterAll(() => repos.forEach((r) => rmSync(r, { recursive: true, force: true })));

  it('passes a build newer than every source', () => {
    expect(staleBuild(repo({ source: 2_000, built: 3_000 }))).toBeNull();
  });

  it('names the source changed after the build', () => {
    expect(staleBuild(repo({ source: 4_000, built: 3_000 }))).toBe(
      'libs/cache/src/read-through-cache.ts changed after the last build',
    );
  });

  it('ignores specs, which the build does not compile', () => {
    expect(staleBuild(repo({ source: 2_000, spec: 5_000, built: 3_000 }))).toBeNull();
  });

  it('refuses when there is no build at all', () => {
    expect(staleBuild(repo({ source: 2_000 }))).toBe('there is no dist/');
  });
});
