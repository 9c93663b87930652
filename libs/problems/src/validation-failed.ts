import type { ValidationError } from 'class-validator';

/** One offending field of a rejected request. */
export interface FieldViolation {
  field: string;
  message: string;
}

function flatten(errors: ValidationError[], parent = ''): FieldViolation[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** A request whose shape or values break its DTO's rules; rendered 400 with every violation listed. */
export class ValidationFailed extends Error {
  readonly violations: FieldViolation[];
  constructor(errors: ValidationError[]) {
    super('The request is not valid');
    this.violations = flatten(errors).slice(0, 50);
  }
}
