import { Inject, Injectable } from '@nestjs/common';
import { PICKUP_ORDER_ID_PATTERN } from '@omnigate/contracts';
import { ProcessOrdersConfig } from '../process-orders.config';
import { collectionAccrualReference } from '../pickup-orders/complete-collection.usecase';
import { PICKUP_ORDERS, type PickupOrders } from '../pickup-orders/pickup-order.workflow';
import type { PurchaseReceipt, PurchaseReceiptSource, ReceiptTender } from './purchase-receipt';

/**
 * Collected pickup orders as receipts: bought where they were collected, when they were collected;
 * lines numbered from 1 in order; paid by card, less the points redeemed (a POINTS tender). An
 * order not collected (yet, or ever) has nothing to return.
 */
@Injectable()
export class PickupOrderReceipts implements PurchaseReceiptSource {
  readonly kind = 'PICKUP_ORDER';

  constructor(
    @Inject(PICKUP_ORDERS) private readonly orders: PickupOrders,
    @Inject(ProcessOrdersConfig) private readonly config: ProcessOrdersConfig,
  ) {}

  async find(orderId: string): Promise<PurchaseReceipt | undefined> {
    if (!PICKUP_ORDER_ID_PATTERN.test(orderId)) return undefined;
    const order = await this.orders.store.find(orderId);
    if (!order || order.state !== 'COLLECTED') return undefined;
    const collected = (await this.orders.timeline(orderId)).find((e) => e.step === 'collected');
    const tenders: ReceiptTender[] = [];
    if (order.totalMinor > 0) tenders.push({ type: 'CARD', amountMinor: order.totalMinor });
    if (order.pointsRedeemed > 0)
      tenders.push({
        type: 'POINTS',
        amountMinor: order.pointsRedeemed * this.config.POINT_VALUE_MINOR,
        points: order.pointsRedeemed,
      });
    return {
      kind: this.kind,
      reference: order.orderId,
      storeId: order.storeId,
      purchasedAt: collected?.at ?? order.createdAt,
      currency: order.currency,
      memberId: order.memberId,
      lines: order.lines.map((l, i) => ({
        lineNumber: i + 1,
        sku: l.sku,
        quantity: l.quantity,
        unitPriceMinor: l.unitPriceMinor,
        promotionDiscountMinor: 0,
      })),
      orderDiscountMinor: 0,
      tenders,
      accrual:
        order.memberId && (order.accruedPoints ?? 0) > 0
          ? { reference: collectionAccrualReference(order.orderId), points: order.accruedPoints! }
          : null,
      settling: order.memberId !== null && order.accruedPoints === null,
    };
  }
}
