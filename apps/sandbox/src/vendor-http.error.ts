/**
 * An answer in a backend's own dialect: status, exact body and headers, rendered untouched by
 * {@link VendorHttpErrorFilter} instead of Nest's default error body.
 */
export class VendorHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`vendor answer ${status}`);
    this.name = 'VendorHttpError';
  }
}
