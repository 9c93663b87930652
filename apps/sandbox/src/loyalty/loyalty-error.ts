import { VendorHttpError } from '../vendor-http.error';

/** A loyalty SaaS error: `{ errorCode, message, ...details }`. */
export function loyaltyError(
  status: number,
  errorCode: string,
  message: string,
  details: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): VendorHttpError {
  return new VendorHttpError(status, { errorCode, message, ...details }, headers);
}
