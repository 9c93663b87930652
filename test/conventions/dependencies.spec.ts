import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * Dependencies the code needs without importing them by name. Each says who loads it; an entry the
 * code imports after all, or that is no longer a dependency, fails the suite, so the list stays true.
 */
const LOADED_INDIRECTLY: Record<string, string> = {
  // @nestjs/swagger's SwaggerModule loads it (an optional peer) to serve the Swagger UI on Fastify.
  '@fastify/static': '@nestjs/swagger on Fastify',
};

/** Every TypeScript and JavaScript source file under `dir`, test code (specs, fixtures, fakes) left out. */
function productionSources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|cjs|mjs)$/.test(entry.name))
    .filter((entry) => !/\.(spec|fixture|fake)\.ts$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The package a module specifier names (`@scope/name` or `name`), or undefined for a relative one. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The packages the production code of apps/, libs/ and scripts/ imports, requires or loads with import(). */
function importedPackages(): Set<string> {
  const imported = new Set<string>();
  for (const file of ['apps', 'libs', 'scripts'].flatMap(productionSources)) {
    const text = readFileSync(file, 'utf8');
    for (const [, specifier] of text.matchAll(
      /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g,
    )) {
      const name = packageOf(specifier);
      if (name) imported.add(name);
    }
  }
  return imported;
}

/** A runtime dependency is code the apps run: one nothing loads is weight in every image and audit. */
describe('the dependencies of package.json', () => {
  const dependencies = Object.keys(
    (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> })
      .dependencies,
  );
  const imported = importedPackages();

  it('are each imported by the production code of apps/, libs/ or scripts/, or loaded by one that is', () => {
    expect(dependencies.filter((name) => !imported.has(name) && !(name in LOADED_INDIRECTLY))).toEqual([]);
  });

  it('list as loaded indirectly only dependencies the code does not import itself', () => {
    expect(
      Object.keys(LOADED_INDIRECTLY).filter((name) => imported.has(name) || !dependencies.includes(name)),
    ).toEqual([]);
  });

  it('sees the imports of the code', () => {
    expect([...imported]).toEqual(
      expect.arrayContaining(['@nestjs/core', 'reflect-metadata', '@opentelemetry/semantic-conventions']),
    );
  });
});
