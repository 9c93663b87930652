import { VendorHttpError } from '../vendor-http.error';

/** A POS back-office error: `{ error: snake_case_slug, message? }`. */
export function posError(
  status: number,
  error: string,
  message?: string,
  headers: Record<string, string> = {},
): VendorHttpError {
  return new VendorHttpError(status, message === undefined ? { error } : { error, message }, headers);
}
