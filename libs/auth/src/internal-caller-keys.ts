import { randomBytes } from 'node:crypto';
import { apiKeyDigest } from './api-key.store';
import { INTERNAL_CALLERS, type InternalCaller } from './internal-callers';

/** Shortest internal key accepted: long enough to resist guessing. */
export const MIN_INTERNAL_KEY_LENGTH = 24;

/** At most two keys per caller: the current one and, during a rotation, the next. */
const MAX_KEYS_PER_CALLER = 2;
const DIGEST = /^[0-9a-f]{64}$/;

/** The SHA-256 digests of the keys each caller may present; an app accepting internal calls holds only these. */
export type CallerKeyDigests = ReadonlyMap<InternalCaller, readonly string[]>;

function entriesOf(raw: string): string[] {
  return raw
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
}

/**
 * What is wrong with an `INTERNAL_CALLER_KEY_DIGESTS` value (`caller:digest|digest,caller:digest`);
 * empty when nothing is.
 */
export function callerKeyDigestsOffenders(raw: string): string[] {
  const offenders: string[] = [];
  const callers = new Set<string>();
  const digests = new Set<string>();
  for (const entry of entriesOf(raw)) {
    const [caller, list, ...rest] = entry.split(':');
    if (list === undefined || rest.length > 0) {
      offenders.push(`'${entry.slice(0, 30)}' is not caller:digest[|digest]`);
      continue;
    }
    if (!(INTERNAL_CALLERS as readonly string[]).includes(caller))
      offenders.push(`unknown caller '${caller}' (known: ${INTERNAL_CALLERS.join(', ')})`);
    if (callers.has(caller)) offenders.push(`caller '${caller}' is named twice`);
    callers.add(caller);
    const own = list.split('|');
    if (own.length > MAX_KEYS_PER_CALLER)
      offenders.push(
        `caller '${caller}' has ${own.length} keys; at most ${MAX_KEYS_PER_CALLER} (during a rotation)`,
      );
    for (const digest of own) {
      if (!DIGEST.test(digest))
        offenders.push(
          `caller '${caller}': '${digest.slice(0, 12)}...' is not the 64 lowercase hex digits of a SHA-256 digest`,
        );
      else if (digests.has(digest))
        offenders.push(`caller '${caller}': digest ${digest.slice(0, 12)}... is listed twice`);
      digests.add(digest);
    }
  }
  return offenders;
}

/** Parses an `INTERNAL_CALLER_KEY_DIGESTS` value; throws naming every offender. */
export function parseCallerKeyDigests(raw: string): CallerKeyDigests {
  const offenders = callerKeyDigestsOffenders(raw);
  if (offenders.length > 0) throw new Error(`INTERNAL_CALLER_KEY_DIGESTS: ${offenders.join('; ')}`);
  return new Map(
    entriesOf(raw).map((entry) => {
      const [caller, list] = entry.split(':');
      return [caller as InternalCaller, list.split('|')];
    }),
  );
}

/** The SHA-256 digest of an internal key, as `INTERNAL_CALLER_KEY_DIGESTS` lists it. */
export const internalKeyDigest = apiKeyDigest;

/** An `INTERNAL_CALLER_KEY_DIGESTS` value accepting these keys (one, or two during a rotation, per caller). */
export function callerKeyDigestsSetting(
  keys: Partial<Record<InternalCaller, string | readonly string[]>>,
): string {
  return Object.entries(keys)
    .map(
      ([caller, own]) =>
        `${caller}:${(typeof own === 'string' ? [own] : own!).map(internalKeyDigest).join('|')}`,
    )
    .join(',');
}

/** A fresh random key for a caller, named after it so a person can tell keys apart. */
export function newInternalKey(caller: InternalCaller): string {
  return `og_int_${caller}_${randomBytes(24).toString('base64url')}`;
}
