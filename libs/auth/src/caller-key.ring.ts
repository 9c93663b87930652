import { createHash, timingSafeEqual } from 'node:crypto';
import { type CallerKeyDigests, parseCallerKeyDigests } from './internal-caller-keys';
import type { InternalCaller } from './internal-callers';

/** Tells which internal caller a presented key belongs to, holding only the keys' digests. */
export class CallerKeyRing {
  private readonly digests: { caller: InternalCaller; digest: Buffer }[];

  constructor(digests: CallerKeyDigests) {
    this.digests = [...digests].flatMap(([caller, own]) => own.map((d) => ({ caller, digest: Buffer.from(d, 'hex') })));
  }

  /** The ring of an `INTERNAL_CALLER_KEY_DIGESTS` value; unset or empty admits nobody. */
  static parse(raw: string | undefined): CallerKeyRing {
    return new CallerKeyRing(parseCallerKeyDigests(raw ?? ''));
  }

  /** The caller whose key this is, comparing against every digest in constant time; undefined for an unknown key. */
  identify(presentedKey: string): InternalCaller | undefined {
    const presented = createHash('sha256').update(presentedKey, 'utf8').digest();
    let found: InternalCaller | undefined;
    // No early exit: the time taken must not tell how many digests were compared before a hit.
    for (const { caller, digest } of this.digests) {
      if (timingSafeEqual(presented, digest)) found = caller;
    }
    return found;
  }
}
