import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { VendorHttpError } from './vendor-http.error';

function describe(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);
    return [...own, ...describe(error.children ?? [], path)];
  });
}

/**
 * Validates a request body against a DTO class, refusing it in the backend's dialect; unknown
 * fields are dropped, as the real vendors ignore them.
 */
export function readVendorBody<T extends object>(
  shape: ClassConstructor<T>,
  body: unknown,
  refuse: (problems: string[]) => VendorHttpError,
): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw refuse(['body must be a JSON object']);
  const instance = plainToInstance(shape, body);
  const errors = validateSync(instance, { whitelist: true });
  if (errors.length > 0) throw refuse(describe(errors));
  return instance;
}
