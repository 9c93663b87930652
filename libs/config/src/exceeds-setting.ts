import { ValidateBy, type ValidationArguments } from 'class-validator';

/** The setting must be at least `margin` above another numeric setting of the same schema. */
export function ExceedsSetting(other: string, margin: number): PropertyDecorator {
  return ValidateBy({
    name: 'exceedsSetting',
    constraints: [other, margin],
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const floor = (args?.object as Record<string, unknown>)[other];
        return typeof value === 'number' && typeof floor === 'number' && value >= floor + margin;
      },
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} must be at least ${other} + ${margin}`,
    },
  });
}
