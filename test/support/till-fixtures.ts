import { randomUUID } from 'node:crypto';
import { saleKeyOf } from '../../libs/contracts/src/process-orders/store-sale';
import type { AppProcess } from './app-process';
import { type OrdersClient, skusAt } from './orders-stack';
import { ReturnsClient, acceptedSale, finalSaleSkus } from './returns';
import type { SandboxClient } from './sandbox-client';

/**
 * What a store's tills leave behind for a test to act on, made as a till makes it: a sale, points
 * held at checkout, a return taken at the counter. Each is settled before it is handed over, so
 * nothing about it moves on its own while the test runs.
 */

/** A till sale of `quantity` units of one sku at 10.00 each, paid by card. */
export function tillSale(sale: {
  storeId: string;
  registerId: string;
  sequence: number;
  sku: string;
  quantity?: number;
  memberId?: string;
}) {
  const quantity = sale.quantity ?? 1;
  const occurredAt = new Date(Date.now() - 3_600_000).toISOString();
  return {
    storeId: sale.storeId,
    registerId: sale.registerId,
    sequence: sale.sequence,
    businessDate: occurredAt.slice(0, 10),
    occurredAt,
    currency: 'USD',
    lines: [{ lineNumber: 1, sku: sale.sku, quantity, unitPriceMinor: 1_000 }],
    tenders: [{ type: 'CARD', amountMinor: quantity * 1_000 }],
    ...(sale.memberId !== undefined && { memberId: sale.memberId }),
  };
}

/** A sku the store has in stock that is not sold as final sale, so a return of it is taken. */
export async function returnableSkuAt(sandbox: SandboxClient, storeId: string): Promise<string> {
  const stocked = await skusAt(sandbox, storeId, 20, (l) => l.onHand >= 5);
  const finalSale = await finalSaleSkus(sandbox, storeId, stocked);
  const sku = stocked.find((s) => !finalSale.has(s));
  if (!sku) throw new Error(`${storeId} sells every stocked sku as final sale`);
  return sku;
}

async function posWrite(pos: AppProcess, apiKey: string, path: string, body: unknown) {
  const response = await fetch(`${pos.url}${path}`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Holds a member's points at a store through experience-pos with a till's key: an AUTHORIZED till redemption. */
export async function heldRedemption(
  pos: AppProcess,
  apiKey: string,
  hold: { storeId: string; memberId: string; points: number },
): Promise<string> {
  const held = await posWrite(pos, apiKey, '/v1/loyalty/redemptions', hold);
  if (held.status !== 201 || held.body.state !== 'AUTHORIZED')
    throw new Error(`points hold answered ${held.status}: ${JSON.stringify(held.body)}`);
  return held.body.redemptionId as string;
}

/** A member's sale of two units, one of them returned: the sale's key (one unit still returnable) and the return's id. */
export interface PartlyReturnedSale {
  saleKey: string;
  returnId: string;
}

/**
 * Records a member's till sale of two units at a register, has that register take one back through
 * experience-pos, and waits until the return's stock, points and credit memo are booked.
 */
export async function partlyReturnedSale(
  orders: OrdersClient,
  pos: AppProcess,
  apiKey: string,
  sale: { storeId: string; registerId: string; sequence: number; sku: string; memberId: string },
): Promise<PartlyReturnedSale> {
  await acceptedSale(orders, tillSale({ ...sale, quantity: 2 }));
  const saleKey = saleKeyOf(sale);
  const taken = await posWrite(pos, apiKey, '/v1/returns', {
    storeId: sale.storeId,
    registerId: sale.registerId,
    saleKey,
    lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
  });
  if (taken.status !== 201) throw new Error(`return answered ${taken.status}: ${JSON.stringify(taken.body)}`);
  const returnId = taken.body.returnId as string;
  await new ReturnsClient(orders).when(returnId, [
    'stock-booked',
    'accrual-reversed',
    'erp-credit_memo-posted',
  ]);
  return { saleKey, returnId };
}
