import { ValidateBy, type ValidationArguments } from 'class-validator';

/** True when the configuration is for production (`NODE_ENV=production`). */
export function inProduction(config: object): boolean {
  return (config as { NODE_ENV?: string }).NODE_ENV === 'production';
}

/**
 * Refuses, with `NODE_ENV=production`, a value that only suits development (a sample registry, an
 * embedded database), so that a forgotten setting stops the start instead of running unsafely.
 * `why` ends the message, which names the setting and the value.
 */
export function NotInProduction(
  isDevelopmentOnly: (value: unknown) => boolean,
  why: string,
): PropertyDecorator {
  return ValidateBy({
    name: 'notInProduction',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) =>
        !(args && inProduction(args.object) && isDevelopmentOnly(value)),
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} '${String(args?.value)}' ${why} (NODE_ENV=production)`,
    },
  });
}
