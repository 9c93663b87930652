import { VendorHttpError } from '../vendor-http.error';

/** An OMS/WMS error: `{ code, message, ...details }`. */
export function omsError(
  status: number,
  code: string,
  message: string,
  details: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): VendorHttpError {
  return new VendorHttpError(status, { code, message, ...details }, headers);
}
