import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { PickupOrderView } from '@omnigate/contracts';
import { PostingLedger } from '@omnigate/erp-postings';
import { IdempotentResources } from '@omnigate/idempotency';
import type { PickupOrder } from './pickup-order';
import { PICKUP_ORDERS, type PickupOrders } from './pickup-order.workflow';

/**
 * Builds what callers see of an order: its state, priced lines, timeline and ERP postings. It is
 * also the answer to a retried write whose first answer was lost after the order was committed.
 */
@Injectable()
export class PickupOrderViews implements OnModuleInit {
  constructor(
    @Inject(PICKUP_ORDERS) private readonly orders: PickupOrders,
    private readonly ledger: PostingLedger,
    private readonly resources: IdempotentResources,
  ) {}

  onModuleInit(): void {
    // A guest placement's binding keeps the order's access token with it, as a recorded answer would.
    this.resources.define(this.orders.name, async (orderId, { accessToken }) => ({
      ...(await this.of(await this.orders.get(orderId))),
      ...(accessToken !== undefined && { accessToken }),
    }));
  }

  async of(order: PickupOrder): Promise<PickupOrderView> {
    const money = (amountMinor: number) => ({ amountMinor, currency: order.currency });
    // Postings first: one is marked posted in the transaction that adds its timeline event, so a
    // posted posting's event is always in the timeline read after it.
    const postings = await this.ledger.listBySource(this.orders.name, order.orderId);
    const timeline = await this.orders.timeline(order.orderId);
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
      postings: postings.map((p) => ({
        postingId: p.postingId,
        kind: p.kind,
        status: p.status,
        erpDocumentId: p.erpDocumentId,
      })),
    };
  }
}
