import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CreateReturnDto, ReceiptKind, ReturnView } from '@omnigate/contracts';
import { Database } from '@omnigate/persistence';
import { PosApi } from '@omnigate/system-clients';
import { actingAtStore, Clock, refuseUnlessCallerWaits, type RequestContext } from '@omnigate/workflow';
import { ProcessOrdersConfig } from '../process-orders.config';
import { type PurchaseReceipt, purchaseKeyOf, receiptKeyOf } from './purchase-receipt';
import { PurchaseReceipts } from './purchase-receipts';
import { ReceiptLinesRepository } from './receipt-lines.repository';
import { computeRefund } from './refund';
import {
  ItemNotReturnable,
  PurchaseStillSettling,
  ReceiptReferenceInvalid,
  ReturnAtOriginalStoreOnly,
  ReturnQuantityExceeded,
  ReturnWindowClosed,
  UnknownReceiptLine,
} from './returns.errors';
import type { StoreReturn } from './store-return';
import { ReturnViews } from './return.view';
import { STORE_RETURNS, type StoreReturns } from './store-return.workflow';

/**
 * Takes a return at a store. Eligibility that needs no lock is checked first (the receipt exists,
 * the store may take it, the window is open, the lines exist and are not final sale); then, in one
 * transaction, the receipt's lines are locked, the units left to return checked and taken, the
 * refund computed from the receipt and the return created. A counter return is received and
 * refunded in that same transaction, which schedules the stock movements, the points and the ERP
 * credit memo; an RMA stays REQUESTED, its units held, until its store receives it.
 */
@Injectable()
export class CreateReturn {
  constructor(
    private readonly db: Database,
    @Inject(STORE_RETURNS) private readonly returns: StoreReturns,
    private readonly receipts: PurchaseReceipts,
    private readonly receiptLines: ReceiptLinesRepository,
    private readonly views: ReturnViews,
    private readonly pos: PosApi,
    private readonly clock: Clock,
    @Inject(ProcessOrdersConfig) private readonly config: ProcessOrdersConfig,
  ) {}

  async execute(ctx: RequestContext, command: CreateReturnDto): Promise<ReturnView> {
    this.refuseWithoutTime(ctx);
    const [kind, reference] = this.receiptReferenceOf(command);
    const receipt = await this.receipts.find(kind, reference);
    this.checkStore(receipt, command.storeId);
    this.checkWindow(receipt);
    if (receipt.settling) throw new PurchaseStillSettling();
    const lineOf = new Map(receipt.lines.map((l) => [l.lineNumber, l]));
    const unknown = command.lines
      .map((l) => l.lineNumber)
      .filter((n, i, all) => !lineOf.has(n) || all.indexOf(n) !== i);
    if (unknown.length > 0) throw new UnknownReceiptLine(unknown);
    await this.checkReturnable(
      receipt,
      command.lines.map((l) => lineOf.get(l.lineNumber)!.sku),
    );

    // The receipt's reads may have used up the caller's time: then nothing is taken.
    this.refuseWithoutTime(ctx);
    const receiptKey = receiptKeyOf(receipt);
    const atStore = actingAtStore(ctx, command.storeId);
    // The key is bound to the return when it is created; the moves that follow in the same transaction need not bind it again.
    const continuing: RequestContext = { ...atStore, idempotencyClaim: undefined };
    const mode = command.mode ?? 'COUNTER';
    const created = await this.db.transaction(async (tx) => {
      const returnedBefore = await this.receiptLines.lock(tx, receiptKey, receipt.lines);
      const returned = command.lines.map((l) => {
        const before = returnedBefore.get(l.lineNumber) ?? 0;
        const returnable = lineOf.get(l.lineNumber)!.quantity - before;
        if (l.quantity > returnable) throw new ReturnQuantityExceeded(l.lineNumber, returnable);
        return { lineNumber: l.lineNumber, quantity: l.quantity };
      });
      await this.receiptLines.add(tx, receiptKey, returned);
      const refund = computeRefund(receipt, returned, returnedBefore);
      const dispositionOf = new Map(command.lines.map((l) => [l.lineNumber, l.disposition]));
      const storeReturn: StoreReturn = {
        id: `ret_${randomBytes(12).toString('base64url')}`,
        state: 'REQUESTED',
        keys: {
          storeId: command.storeId,
          receiptKey,
          ...purchaseKeyOf(receipt),
          ...(receipt.memberId && { memberId: receipt.memberId }),
        },
        facts: {
          mode,
          registerId: command.registerId ?? null,
          clientAppId: ctx.caller.clientAppId,
          receipt: { kind, reference, storeId: receipt.storeId, purchasedAt: receipt.purchasedAt },
          currency: receipt.currency,
          memberId: receipt.memberId,
          lines: refund.lines.map((l) => ({ ...l, disposition: dispositionOf.get(l.lineNumber)! })),
          refundMinor: refund.totalMinor,
          tenders: refund.tenders,
          pointsRefunded: refund.pointsRefunded,
          pointsReversed: refund.pointsReversed,
          accrualReference: receipt.accrual?.reference ?? null,
        },
        createdAt: this.clock.now().toISOString(),
        version: 1,
      };
      await this.returns.create(tx, atStore, storeReturn, {
        detail: {
          mode,
          receiptKind: kind,
          registerId: command.registerId ?? null,
          lines: returned.length,
          refundMinor: refund.totalMinor,
        },
      });
      if (mode === 'RMA') return storeReturn;
      const received = await this.returns.move(tx, continuing, storeReturn, 'receive', {
        detail: { at: 'counter' },
      });
      return this.returns.move(tx, continuing, received, 'refund', {
        detail: { refundMinor: refund.totalMinor, tenders: refund.tenders },
      });
    });
    return this.views.of(await this.returns.get(created.id));
  }

  /** No return is taken for a till that would be gone before it was answered. */
  private refuseWithoutTime(ctx: RequestContext): void {
    refuseUnlessCallerWaits(ctx, this.clock.now().getTime(), this.config.WRITE_MIN_BUDGET_MS, 'returns');
  }

  private receiptReferenceOf(command: CreateReturnDto): [ReceiptKind, string] {
    if (command.saleKey !== undefined && command.orderId === undefined)
      return ['STORE_SALE', command.saleKey];
    if (command.orderId !== undefined && command.saleKey === undefined)
      return ['PICKUP_ORDER', command.orderId];
    throw new ReceiptReferenceInvalid();
  }

  private checkStore(receipt: PurchaseReceipt, storeId: string): void {
    if (this.config.RETURN_STORE_POLICY === 'ORIGINAL_STORE' && receipt.storeId !== storeId)
      throw new ReturnAtOriginalStoreOnly(receipt.storeId);
  }

  /** The window of the purchase's channel: store sales and pickup orders are configured apart. */
  private checkWindow(receipt: PurchaseReceipt): void {
    const windowS =
      receipt.kind === 'STORE_SALE'
        ? this.config.RETURN_WINDOW_STORE_SALE_S
        : this.config.RETURN_WINDOW_PICKUP_ORDER_S;
    const until = Date.parse(receipt.purchasedAt) + windowS * 1000;
    if (this.clock.now().getTime() > until) throw new ReturnWindowClosed(new Date(until).toISOString());
  }

  /** Final-sale items as the POS back office marks them, at the store that sold them. */
  private async checkReturnable(receipt: PurchaseReceipt, skus: string[]): Promise<void> {
    const { value: prices } = await this.pos.storePrices(receipt.storeId, [...new Set(skus)]);
    const finalSale = prices.prices.filter((p) => p.returnable === false).map((p) => p.sku);
    if (finalSale.length > 0) throw new ItemNotReturnable(finalSale);
  }
}
