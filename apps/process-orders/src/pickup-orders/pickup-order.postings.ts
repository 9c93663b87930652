import type { Posting, PostingKind } from '@omnigate/contracts';
import type { PickupOrder } from './pickup-order';

/** The ERP document of a pickup order event; its id is derived, so scheduling it twice finds one posting. */
export function pickupOrderPosting(order: PickupOrder, kind: PostingKind): Posting {
  return {
    postingId: `${kind.toLowerCase()}_${order.orderId}`,
    kind,
    sourceType: 'pickup-order',
    sourceId: order.orderId,
    storeId: order.storeId,
    currency: order.currency,
    occurredAt: new Date().toISOString(),
    lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, netAmountMinor: l.unitPriceMinor * l.quantity })),
  };
}
