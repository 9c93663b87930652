/** The keys internal callers present in `X-Service-Key`. */
export interface InternalAuthOptions {
  /** Accepted keys: one normally, two while a key is being rotated. */
  serviceKeys: string[];
}

/** Injection token of the {@link InternalAuthOptions}. */
export const INTERNAL_AUTH_OPTIONS = Symbol('InternalAuthOptions');

const MIN_KEY_LENGTH = 24;

/** Throws unless there is at least one key and every key is long enough to resist guessing. */
export function checkServiceKeys(keys: readonly string[]): void {
  if (keys.length === 0) throw new Error('INTERNAL_SERVICE_KEYS: name at least one key');
  const short = keys.findIndex((k) => k.length < MIN_KEY_LENGTH);
  if (short >= 0) throw new Error(`INTERNAL_SERVICE_KEYS: key #${short + 1} is shorter than ${MIN_KEY_LENGTH} characters`);
}

/** Splits `INTERNAL_SERVICE_KEYS` (comma-separated) into checked keys. */
export function parseServiceKeys(raw: string): string[] {
  const keys = raw.split(',').map((k) => k.trim()).filter((k) => k !== '');
  checkServiceKeys(keys);
  return keys;
}
