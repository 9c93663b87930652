import { Injectable, type OnModuleInit } from '@nestjs/common';
import { IdempotentResources, type IdempotentResource } from '@omnigate/idempotency';
import { PostingLedger } from '@omnigate/erp-postings';
import type { PickupOrder } from './pickup-order';
import type { PickupOrderView } from '@omnigate/contracts';
import { PickupOrdersRepository } from './pickup-orders.repository';

const PICKUP_ORDER_RESOURCE = 'pickup-order';

/** The order a write placed or moved, as its Idempotency-Key is bound to it; a guest placement keeps the order's access token with it. */
export const pickupOrderResource = (orderId: string, receipt?: { accessToken: string }): IdempotentResource => ({
  type: PICKUP_ORDER_RESOURCE,
  id: orderId,
  ...(receipt && { receipt }),
});

/**
 * Builds what callers see of an order: its state, priced lines, timeline and ERP postings. It is
 * also the answer to a retried write whose first answer was lost after the order was committed.
 */
@Injectable()
export class PickupOrderViews implements OnModuleInit {
  constructor(
    private readonly orders: PickupOrdersRepository,
    private readonly ledger: PostingLedger,
    private readonly resources: IdempotentResources,
  ) {}

  onModuleInit(): void {
    this.resources.define(PICKUP_ORDER_RESOURCE, async (orderId, { accessToken }) => ({
      ...(await this.of(await this.orders.get(orderId))),
      ...(accessToken !== undefined && { accessToken }),
    }));
  }

  async of(order: PickupOrder): Promise<PickupOrderView> {
    const money = (amountMinor: number) => ({ amountMinor, currency: order.currency });
    const [timeline, postings] = await Promise.all([
      this.orders.timeline(order.orderId),
      this.ledger.listBySource('pickup-order', order.orderId),
    ]);
    return {
      orderId: order.orderId,
      state: order.state,
      storeId: order.storeId,
      memberId: order.memberId,
      lines: order.lines.map((l) => ({
        sku: l.sku,
        quantity: l.quantity,
        unitPrice: money(l.unitPriceMinor),
        lineTotal: money(l.unitPriceMinor * l.quantity),
      })),
      subtotal: money(order.subtotalMinor),
      pointsRedeemed: order.pointsRedeemed,
      total: money(order.totalMinor),
      pickupExpiresAt: order.pickupExpiresAt,
      omsOrderId: order.omsOrderId,
      timeline,
      postings: postings.map((p) => ({ postingId: p.postingId, kind: p.kind, status: p.status, erpDocumentId: p.erpDocumentId })),
    };
  }
}
