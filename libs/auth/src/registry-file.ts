import { readFileSync } from 'node:fs';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** Raised when the client-app registry file cannot be used; names the file and every offender. */
export class InvalidClientAppRegistry extends Error {
  constructor(
    readonly file: string,
    readonly offenders: string[],
  ) {
    super(`Invalid client-app registry ${file}:\n  - ${offenders.join('\n  - ')}`);
    this.name = 'InvalidClientAppRegistry';
  }
}

function labelOf(value: unknown): string {
  const v = value as Record<string, unknown> | undefined;
  const label = v?.clientAppId ?? v?.keyId ?? v?.name;
  return typeof label === 'string' ? ` (${label})` : '';
}

function describe(errors: ValidationError[], path: string): string[] {
  return errors.flatMap((e) => {
    const here = /^\d+$/.test(e.property)
      ? `${path}[${e.property}]${labelOf(e.value)}`
      : path
        ? `${path}.${e.property}`
        : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => `${here}: ${message}`);
    return [...own, ...describe(e.children ?? [], here)];
  });
}

/** Reads the registry file and validates the part `schema` describes, or throws {@link InvalidClientAppRegistry}. */
export function readRegistryFile<T extends object>(file: string, schema: ClassConstructor<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidClientAppRegistry(file, [(error as Error).message]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidClientAppRegistry(file, ['the file must hold one JSON object']);
  }
  const parsed = plainToInstance(schema, raw);
  const errors = validateSync(parsed, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  if (errors.length > 0) throw new InvalidClientAppRegistry(file, describe(errors, ''));
  return parsed;
}
