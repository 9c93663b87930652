/** How a domain outcome relates to the request; the problem filter maps each kind to one HTTP status. */
export type DomainErrorKind =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'unprocessable'
  | 'rate-limited'
  | 'overloaded';

/**
 * An expected business outcome (not a fault). Knows nothing of HTTP: the problem filter maps
 * `kind` to a status. `type` is a stable slug that clients may branch on.
 */
export abstract class DomainError extends Error {
  abstract readonly type: string;
  readonly kind: DomainErrorKind = 'unprocessable';
  /** Seconds the client should wait before trying again, when known. */
  readonly retryAfterS?: number;
  /** Extra members of the problem document (never personal data). */
  readonly extensions?: Record<string, unknown>;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
