import type { SqlExecutor } from '@omnigate/persistence';

/** The record a write created or changed (an order, a return, a sale), by which a retry finds what the write did. */
export interface IdempotentResource {
  /** Names the reader of {@link IdempotentResources} that turns the record into an answer, e.g. `pickup-order`. */
  type: string;
  id: string;
  /**
   * What the first answer told that the resource cannot tell again (a guest order's access token,
   * kept only as a digest on the order). Kept with the key, as a recorded answer would be.
   */
  receipt?: Record<string, string>;
}

/**
 * One request's hold on its `Idempotency-Key`, handed to the use case through its context. Binding
 * the key to the resource inside the transaction that changes the resource closes the gap between
 * the commit and the recorded answer: from the commit on, a retry is answered with the resource as
 * it is, and never runs the write again, even if this process dies before it answers.
 */
export interface IdempotencyClaim {
  readonly scope: string;
  readonly key: string;
  /** This claim among all claims of the key: a request whose key a retry took over holds it no more. */
  readonly holder: string;
  /** Binds the key to `resource` in `tx`; refused (409, and so rolled back) if a retry took the key over meanwhile. */
  bind(tx: SqlExecutor, resource: IdempotentResource): Promise<void>;
  /** Undoes a binding in `tx`, for a write whose resource is forgotten again (a refused placement): a retry then runs afresh. */
  unbind(tx: SqlExecutor): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `IdempotencyInterceptor` on a request that holds its key; absent on replays and unmarked routes. */
    idempotencyClaim?: IdempotencyClaim;
  }
}
