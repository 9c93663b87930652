import 'reflect-metadata';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** Raised when the environment does not satisfy an app's configuration schema; names every offender. */
export class InvalidConfiguration extends Error {
  constructor(readonly offenders: string[]) {
    super(`Invalid configuration:\n  - ${offenders.join('\n  - ')}`);
    this.name = 'InvalidConfiguration';
  }
}

// A key that is refused may still be someone's secret: its length is told, never its value.
const SECRET_SETTING = /_KEYS?$/;
// A URL's password (redis://user:secret@host, postgres://...) is masked wherever a refused value is told.
const URL_PASSWORD = /(\/\/[^:/@\s,]*:)[^@/\s,]+@/g;

function describe(errors: ValidationError[], env: NodeJS.ProcessEnv): string[] {
  return errors.flatMap((e) => {
    const raw = env[e.property];
    const got =
      raw === undefined
        ? 'unset'
        : SECRET_SETTING.test(e.property)
          ? `got ${raw.length} characters`
          : `got '${raw.replace(URL_PASSWORD, '$1***@')}'`;
    return Object.values(e.constraints ?? {}).map((message) => `${e.property}: ${message} (${got})`);
  });
}

/**
 * Parses the environment into a frozen, typed configuration object, or throws
 * {@link InvalidConfiguration} naming every variable that is wrong. The only reader of `process.env`.
 */
export function loadConfig<T extends object>(
  schema: ClassConstructor<T>,
  env: NodeJS.ProcessEnv = process.env,
): Readonly<T> {
  const known = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(schema, known, {
    enableImplicitConversion: true,
    exposeDefaultValues: true,
  });
  const errors = validateSync(config as object, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new InvalidConfiguration(describe(errors, env));
  return Object.freeze(config);
}

/** Like {@link loadConfig}, but a bad configuration stops the process with a message naming each offender. */
export function loadConfigOrExit<T extends object>(schema: ClassConstructor<T>): Readonly<T> {
  try {
    return loadConfig(schema);
  } catch (error) {
    if (!(error instanceof InvalidConfiguration)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
