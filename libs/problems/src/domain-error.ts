/**
 * An expected business outcome (not a fault). Knows nothing of HTTP: the problem filter maps
 * `kind` to a status. `type` is a stable slug that clients may branch on.
 */
export abstract class DomainError extends Error {
  abstract readonly type: string;
  /** conflict: the resource's state forbids it (409); unprocessable: the request cannot be honoured (422); not-found (404); forbidden (403). */
  readonly kind: 'conflict' | 'unprocessable' | 'not-found' | 'forbidden' = 'unprocessable';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
