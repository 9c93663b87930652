import { randomUUID } from 'node:crypto';
import type { StoreSaleDto } from '../../../libs/contracts/src/process-orders/store-sale';
import { saleKeyOf } from '../../../libs/contracts/src/process-orders/store-sale';
import type { AppProcess } from '../../support/app-process';
import { callerHeaders } from '../../support/stack';
import type { InternalCaller } from '../../../libs/auth/src/internal-callers';

/** One answer of a sale in a batch. */
export interface SaleResult {
  saleKey: string;
  outcome: 'accepted' | 'duplicate' | 'refused';
  saleId?: string;
  problem?: { type: string; title: string; detail: string };
}

/** A small deterministic generator, so a failing run can be replayed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function shuffled<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

export interface SaleShape {
  storeId: string;
  registerId: string;
  sequence: number;
  businessDate: string;
  skus: string[];
  memberId?: string;
  random: () => number;
}

/** A plausible till sale: one to three lines, some with a promotion, sometimes a coupon, paid by card or card and cash. */
export function saleOf({
  storeId,
  registerId,
  sequence,
  businessDate,
  skus,
  memberId,
  random,
}: SaleShape): StoreSaleDto {
  const pick = (n: number) => Math.floor(random() * n);
  const lineCount = 1 + pick(3);
  const lines = Array.from({ length: lineCount }, (_, i) => {
    const quantity = 1 + pick(3);
    const unitPriceMinor = 100 + pick(4_900);
    const promoted = random() < 0.3;
    return {
      lineNumber: i + 1,
      sku: skus[pick(skus.length)],
      quantity,
      unitPriceMinor,
      ...(promoted && {
        promotions: [
          { promotionId: 'PROMO-TEST', discountMinor: Math.floor((quantity * unitPriceMinor) / 10) },
        ],
      }),
    };
  });
  const gross = lines.reduce(
    (sum, l) => sum + l.quantity * l.unitPriceMinor - (l.promotions?.[0]?.discountMinor ?? 0),
    0,
  );
  const orderDiscountMinor = random() < 0.2 ? Math.min(gross, 250) : undefined;
  const total = gross - (orderDiscountMinor ?? 0);
  const cash = random() < 0.3 ? Math.floor(total / 3) : 0;
  const tenders = [
    { type: 'CARD' as const, amountMinor: total - cash },
    ...(cash > 0 ? [{ type: 'CASH' as const, amountMinor: cash }] : []),
  ];
  return {
    storeId,
    registerId,
    sequence,
    businessDate,
    occurredAt: `${businessDate}T10:00:00.000Z`,
    currency: 'USD',
    lines,
    ...(orderDiscountMinor !== undefined && { orderDiscountMinor }),
    tenders,
    ...(memberId !== undefined && { memberId }),
  };
}

export const keyOf = saleKeyOf;

/** Posts a batch to process-orders as experience-pos would. */
export async function postSales(
  orders: AppProcess,
  sales: unknown[],
  key: string = randomUUID(),
  caller: InternalCaller = 'experience-pos',
) {
  const response = await fetch(`${orders.url}/v1/sales`, {
    method: 'POST',
    headers: {
      ...callerHeaders(caller),
      'content-type': 'application/json',
      'idempotency-key': key,
      'x-on-behalf-of': 'dev-pos-store-server',
    },
    body: JSON.stringify({ sales }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : undefined) as { results: SaleResult[] } & Record<string, unknown>,
  };
}

/** A GET of process-orders as the operator. */
export async function operatorGet<T = any>(
  orders: AppProcess,
  path: string,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${orders.url}${path}`, { headers: callerHeaders('operator') });
  return { status: response.status, body: (await response.json()) as T };
}

export function inBatches<T>(items: T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}
