import type { CallerKeyRing } from './caller-key.ring';

/** Who may call a process or system API. */
export interface InternalAuthOptions {
  /** The internal callers this app recognises, by the digests of their keys (`INTERNAL_CALLER_KEY_DIGESTS`). */
  callers: CallerKeyRing;
}

/** Injection token of the {@link InternalAuthOptions}. */
export const INTERNAL_AUTH_OPTIONS = Symbol('InternalAuthOptions');
