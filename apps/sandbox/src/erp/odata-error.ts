import { VendorHttpError } from '../vendor-http.error';

/** An ERP error in the OData v2 envelope: `{ error: { code, message: { lang, value }, innererror? } }`. */
export function odataError(
  status: number,
  code: string,
  message: string,
  innererror?: Record<string, unknown>,
  headers: Record<string, string> = {},
): VendorHttpError {
  const error: Record<string, unknown> = { code, message: { lang: 'en', value: message } };
  if (innererror) error.innererror = innererror;
  return new VendorHttpError(status, { error }, headers);
}
