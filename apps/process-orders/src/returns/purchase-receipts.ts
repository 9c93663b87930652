import { Inject, Injectable } from '@nestjs/common';
import type { ReceiptKind } from '@omnigate/contracts';
import {
  PURCHASE_RECEIPT_SOURCES,
  type PurchaseReceipt,
  type PurchaseReceiptSource,
} from './purchase-receipt';
import { UnknownPurchaseReceipt } from './returns.errors';

/** Finds the purchase a return refers to, by its kind's own reference (a sale key, an order id), from the source of that kind. */
@Injectable()
export class PurchaseReceipts {
  private readonly sources: ReadonlyMap<ReceiptKind, PurchaseReceiptSource>;

  constructor(@Inject(PURCHASE_RECEIPT_SOURCES) sources: PurchaseReceiptSource[]) {
    this.sources = new Map(sources.map((s) => [s.kind, s]));
  }

  /** The receipt, or {@link UnknownPurchaseReceipt} (no such purchase, or one that cannot be returned, such as an uncollected order). */
  async find(kind: ReceiptKind, reference: string): Promise<PurchaseReceipt> {
    const receipt = await this.sources.get(kind)?.find(reference);
    if (!receipt) throw new UnknownPurchaseReceipt();
    return receipt;
  }
}
