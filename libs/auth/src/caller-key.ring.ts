import { hash } from 'node:crypto';
import { type CallerKeyDigests, parseCallerKeyDigests } from './internal-caller-keys';
import type { InternalCaller } from './internal-callers';

/**
 * Tells which internal caller a presented key belongs to, holding only the keys' digests, in a map
 * from digest to caller: one one-shot digest and one lookup per request. The lookup is by the digest
 * of what was presented, so its timing tells nothing about the stored digests.
 */
export class CallerKeyRing {
  private readonly callers: ReadonlyMap<string, InternalCaller>;

  constructor(digests: CallerKeyDigests) {
    this.callers = new Map(
      [...digests].flatMap(([caller, own]) => own.map((d) => [d.toLowerCase(), caller] as const)),
    );
  }

  /** The ring of an `INTERNAL_CALLER_KEY_DIGESTS` value; unset or empty admits nobody. */
  static parse(raw: string | undefined): CallerKeyRing {
    return new CallerKeyRing(parseCallerKeyDigests(raw ?? ''));
  }

  /** The caller whose key this is; undefined for an unknown key. */
  identify(presentedKey: string): InternalCaller | undefined {
    return this.callers.get(hash('sha256', presentedKey, 'hex'));
  }
}
