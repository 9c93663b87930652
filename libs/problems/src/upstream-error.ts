/** Why a backend call failed, from the caller's point of view. */
export type UpstreamFailure =
  'timeout' | 'unavailable' | 'circuit-open' | 'quota-exceeded' | 'bad-response' | 'rejected';

/**
 * The one transport error of the resilient HTTP client: names the backend and the operation. It
 * carries no vendor answer: vendor bodies may name members, and errors end up in logs.
 */
export class UpstreamError extends Error {
  constructor(
    readonly backend: string,
    readonly operation: string,
    readonly failure: UpstreamFailure,
    message: string,
    readonly status?: number,
    readonly retryAfterS?: number,
  ) {
    super(`${backend} ${operation}: ${message}`);
    this.name = 'UpstreamError';
  }
}
