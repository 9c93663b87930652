import { Inject, Injectable } from '@nestjs/common';
import { saleAccrualReference } from '../store-sales/accrue-sale-points.usecase';
import { STORE_SALES, type StoreSales } from '../store-sales/store-sale.workflow';
import type { PurchaseReceipt, PurchaseReceiptSource } from './purchase-receipt';

/**
 * Accepted store sales as receipts, found by their sale key: the sale as the till sent it, each line
 * paid as the sale posted it (promotions and order discount deducted), the points it earned.
 */
@Injectable()
export class StoreSaleReceipts implements PurchaseReceiptSource {
  readonly kind = 'STORE_SALE';

  constructor(@Inject(STORE_SALES) private readonly sales: StoreSales) {}

  async find(saleKey: string): Promise<PurchaseReceipt | undefined> {
    const [found] = await this.sales.store.findBy('saleKey', saleKey);
    const sale = found?.facts.sale;
    if (!found || !sale) return undefined;
    const paid = new Map((found.facts.netLines ?? []).map((l) => [l.lineNumber, l.netAmountMinor]));
    const accrued = found.facts.accruedPoints ?? 0;
    return {
      kind: this.kind,
      reference: saleKey,
      storeId: sale.storeId,
      purchasedAt: sale.occurredAt,
      currency: sale.currency,
      memberId: sale.memberId ?? null,
      lines: sale.lines.map((l) => ({
        lineNumber: l.lineNumber,
        sku: l.sku,
        quantity: l.quantity,
        unitPriceMinor: l.unitPriceMinor,
        promotionDiscountMinor: (l.promotions ?? []).reduce((sum, p) => sum + p.discountMinor, 0),
        ...(paid.has(l.lineNumber) && { paidMinor: paid.get(l.lineNumber) }),
      })),
      orderDiscountMinor: sale.orderDiscountMinor ?? 0,
      tenders: sale.tenders.map((t) => ({
        type: t.type,
        amountMinor: t.amountMinor,
        ...(t.points !== undefined && { points: t.points }),
      })),
      accrual:
        sale.memberId && accrued > 0 ? { reference: saleAccrualReference(found.id), points: accrued } : null,
      // A refused accrual is recorded as 0 points: only a member sale with none recorded yet is settling.
      settling: sale.memberId !== undefined && found.facts.accruedPoints === undefined,
    };
  }
}
