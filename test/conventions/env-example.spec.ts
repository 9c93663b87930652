import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';

const ROOT = join(__dirname, '..', '..');

/** Every configuration schema of the house: the classes exported by apps' and libs' `*.config.ts` files. */
function configSchemas(): Function[] {
  const files = ['apps', 'libs'].flatMap((layer) =>
    readdirSync(join(ROOT, layer)).flatMap((pkg) => {
      const src = join(ROOT, layer, pkg, 'src');
      let names: string[];
      try {
        names = readdirSync(src);
      } catch {
        return [];
      }
      return names.filter((n) => n.endsWith('.config.ts')).map((n) => join(src, n));
    }),
  );
  return files.flatMap((file) =>
    Object.values(require(file) as Record<string, unknown>).filter(
      (value): value is Function => typeof value === 'function',
    ),
  );
}

/**
 * The settings a schema reads: loadConfig validates with `whitelist`, so a property without a
 * class-validator decorator is never read, and the validators' own registry is the complete list.
 */
function settingsOf(schema: Function): { name: string; declaredBy: string }[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false);
  return metadata.map((m) => ({ name: m.propertyName, declaredBy: (m.target as Function).name }));
}

/** The names `.env.example` documents, set or commented out (`# NAME=value  # why`). */
function documentedSettings(): Set<string> {
  const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
  return new Set([...text.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
}

describe('.env.example', () => {
  const schemas = configSchemas();
  const read = new Map<string, string>();
  for (const schema of schemas)
    for (const setting of settingsOf(schema))
      if (!read.has(setting.name)) read.set(setting.name, setting.declaredBy);

  it('finds the schemas of every app and lib that has one', () => {
    const names = schemas.map((schema) => schema.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'BaseAppConfig',
        'BackendClientConfig',
        'ExperienceAppConfig',
        'TracingConfig',
        'ExperienceStorefrontConfig',
        'ExperiencePosConfig',
        'ProcessOrdersConfig',
        'SystemErpConfig',
        'SystemPosConfig',
        'SystemLoyaltyConfig',
        'SystemOmsConfig',
        'SandboxConfig',
      ]),
    );
    expect(read.size).toBeGreaterThan(60);
  });

  it('documents every setting a schema reads', () => {
    const documented = documentedSettings();
    const missing = [...read]
      .filter(([setting]) => !documented.has(setting))
      .map(([setting, by]) => `${setting}, read by ${by}`);
    expect(missing).toEqual([]);
  });

  it('documents no setting that nothing reads', () => {
    const stale = [...documentedSettings()].filter((setting) => !read.has(setting));
    expect(stale).toEqual([]);
  });
});
