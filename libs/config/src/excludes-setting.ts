import { ValidateBy, type ValidationArguments } from 'class-validator';

/** The setting may not be set together with another setting of the same schema: they say the same thing two ways. */
export function ExcludesSetting(other: string): PropertyDecorator {
  return ValidateBy({
    name: 'excludesSetting',
    constraints: [other],
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) =>
        (args?.object as Record<string, unknown>)[other] === undefined,
      defaultMessage: (args?: ValidationArguments) => `${args?.property} and ${other} may not both be set`,
    },
  });
}
