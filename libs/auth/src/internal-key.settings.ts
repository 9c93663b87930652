import { applyDecorators } from '@nestjs/common';
import {
  IsString,
  Matches,
  Validate,
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { callerKeyDigestsOffenders, MIN_INTERNAL_KEY_LENGTH } from './internal-caller-keys';

@ValidatorConstraint({ name: 'callerKeyDigests' })
class CallerKeyDigestsFormat implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && callerKeyDigestsOffenders(value).length === 0;
  }

  defaultMessage(args: ValidationArguments): string {
    if (typeof args.value !== 'string') return `${args.property} must be caller:digest[|digest],...`;
    return callerKeyDigestsOffenders(args.value).join('; ');
  }
}

/** Validates an `INTERNAL_CALLER_KEY_DIGESTS` setting with the parser its guard uses. */
export const IsCallerKeyDigests = () => applyDecorators(IsString(), Validate(CallerKeyDigestsFormat));

/** Validates an `INTERNAL_SERVICE_KEY` setting: the one key an app presents to the APIs below it. */
export const IsInternalServiceKey = () =>
  applyDecorators(
    IsString(),
    Matches(new RegExp(`^\\S{${MIN_INTERNAL_KEY_LENGTH},}$`), {
      message: `$property must be one key of ${MIN_INTERNAL_KEY_LENGTH}+ characters without spaces`,
    }),
  );
