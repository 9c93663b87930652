import { IdempotencyKeyInvalid, IdempotencyKeyMissing } from './idempotency.errors';

const PRINTABLE_ASCII = /^[\x20-\x7e]{1,255}$/;

/**
 * The key of an `Idempotency-Key` header value; throws when it is missing or malformed. Accepts the
 * IETF draft's structured-field form (`"abc"`) as well as Stripe's bare token.
 */
export function idempotencyKeyOf(header: string | string[] | undefined): string {
  if (header === undefined || header === '') throw new IdempotencyKeyMissing();
  if (Array.isArray(header)) throw new IdempotencyKeyInvalid();
  const key =
    header.length >= 2 && header.startsWith('"') && header.endsWith('"') ? header.slice(1, -1) : header;
  if (!PRINTABLE_ASCII.test(key)) throw new IdempotencyKeyInvalid();
  return key;
}
