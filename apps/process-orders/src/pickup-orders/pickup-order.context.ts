import type { IdempotencyClaim } from '@omnigate/idempotency';

/** Who asks, for a pickup order use case: from a controller or from a job handler. */
export interface PickupOrderContext {
  correlationId: string;
  /** The channel client app the request came through: idempotency scope, the owner of the orders it places, audit. */
  clientAppId: string;
  channel: string;
  /** The request's hold on its Idempotency-Key, bound to the order in the transaction that changes it; none in jobs. */
  idempotencyClaim?: IdempotencyClaim;
}
