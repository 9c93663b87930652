import { randomUUID } from 'node:crypto';
import type { InternalCaller } from '../../libs/auth/src/internal-callers';
import {
  type Answer,
  type OrdersClient,
  type PickupOrderBody,
  orderWhen,
  stepsOf,
  until,
} from './orders-stack';
import type { SandboxClient } from './sandbox-client';

/** A return as process-orders and the channels answer it (the fields the tests read). */
export interface ReturnBody {
  returnId: string;
  state: string;
  storeId: string;
  mode: string;
  receipt: { kind: string; reference: string; storeId: string; purchasedAt: string };
  memberId: string | null;
  lines: {
    lineNumber: number;
    sku: string;
    quantity: number;
    disposition: string;
    refund: { amountMinor: number; currency: string };
  }[];
  refund: { amountMinor: number; currency: string };
  tenders: { type: string; amount: { amountMinor: number; currency: string }; points?: number }[];
  pointsReversed: number;
  timeline: { step: string; outcome: string; detail: Record<string, unknown> }[];
  postings: { postingId: string; kind: string; status: string; erpDocumentId: string | null }[];
}

export interface ReturnRequest {
  storeId: string;
  registerId?: string;
  saleKey?: string;
  orderId?: string;
  mode?: 'COUNTER' | 'RMA';
  lines: { lineNumber: number; quantity: number; disposition: 'RESTOCK' | 'DAMAGED' | 'MISSING' }[];
}

/** Takes returns at process-orders as experience-pos does, and reads them. */
export class ReturnsClient {
  constructor(private readonly orders: OrdersClient) {}

  /** A return, or (refused) a problem: its `type` and extensions. */
  create(
    request: ReturnRequest,
    key: string = randomUUID(),
  ): Promise<Answer<ReturnBody & { type?: string }>> {
    return this.orders.write<ReturnBody & { type?: string }>('experience-pos', '/v1/returns', request, key);
  }

  /** The store receives an authorised return (RMA), or cancels or rejects it. */
  act(
    returnId: string,
    action: 'receive' | 'cancel' | 'reject',
    storeId: string,
  ): Promise<Answer<ReturnBody & { type?: string }>> {
    return this.orders.write<ReturnBody & { type?: string }>(
      'experience-pos',
      `/v1/returns/${returnId}/${action}`,
      { storeId },
    );
  }

  get(returnId: string, caller: InternalCaller = 'experience-pos'): Promise<Answer<ReturnBody>> {
    return this.orders.call<ReturnBody>(caller, 'GET', `/v1/returns/${returnId}`);
  }

  /** Waits until the return's timeline has every one of `steps`. */
  when(returnId: string, steps: string[], timeoutMs = 30_000): Promise<ReturnBody> {
    return until(
      `${returnId}: ${steps.join(', ')}`,
      async () => {
        const answer = await this.get(returnId);
        return answer.status === 200 && steps.every((s) => answer.body.timeline.some((e) => e.step === s))
          ? answer.body
          : undefined;
      },
      timeoutMs,
    );
  }
}

/** Places a pickup order, has the store ready and collect it, and waits until its points are accrued. */
export async function collectedOrder(
  orders: OrdersClient,
  order: {
    storeId: string;
    memberId?: string;
    lines: { sku: string; quantity: number }[];
    redeemPoints?: number;
  },
): Promise<PickupOrderBody> {
  const placed = await orders.place(order);
  if (placed.status !== 201)
    throw new Error(`placement answered ${placed.status}: ${JSON.stringify(placed.body)}`);
  const { orderId } = placed.body;
  await orderWhen(orders, orderId, 'pick list sent', (o) => stepsOf(o).includes('pick-list-sent'));
  if ((await orders.ready(orderId, order.storeId)).status !== 200) throw new Error('ready refused');
  if ((await orders.collect(orderId, order.storeId)).status !== 200) throw new Error('collect refused');
  return orderWhen(orders, orderId, 'points accrued and sale posted', (o) =>
    ['points-accrued', 'erp-sale-posted'].every((s) => stepsOf(o).includes(s)),
  );
}

/** The skus among `skus` the POS back office sells as final sale at a store. */
export async function finalSaleSkus(
  sandbox: SandboxClient,
  storeId: string,
  skus: string[],
): Promise<Set<string>> {
  const final = new Set<string>();
  for (let i = 0; i < skus.length; i += 100) {
    const response = await fetch(
      `${sandbox.url}/pos-bo/api/stores/${storeId}/prices?item_ids=${skus.slice(i, i + 100).join(',')}`,
    );
    if (!response.ok) throw new Error(`sandbox POS answered ${response.status}`);
    const body = (await response.json()) as { items: { item_id: string; final_sale?: boolean }[] };
    for (const item of body.items) if (item.final_sale) final.add(item.item_id);
  }
  return final;
}

/** Calls the sandbox loyalty platform booked (2xx) whose body carries `reference`. */
export async function loyaltyBookings(
  sandbox: SandboxClient,
  operation: string,
  reference: string,
): Promise<number> {
  const calls = await sandbox.calls('loyalty', operation);
  return calls.filter(
    (c) => c.status < 300 && (c.body as { reference?: string } | undefined)?.reference === reference,
  ).length;
}

/** Stock movements the sandbox OMS created (201) under `movementRef`. */
export async function stockMovementsBooked(sandbox: SandboxClient, movementRef: string): Promise<number> {
  const calls = await sandbox.calls('oms', 'POST stock-movements');
  return calls.filter(
    (c) => c.status === 201 && (c.body as { movementRef?: string } | undefined)?.movementRef === movementRef,
  ).length;
}

/** Records a till sale at process-orders as experience-pos does, and waits until its points are accrued (members) and its SALE posted. */
export async function acceptedSale(
  orders: OrdersClient,
  sale: Record<string, unknown> & { memberId?: string },
): Promise<string> {
  const answer = await orders.call<{ results: { outcome: string; saleId?: string }[] }>(
    'experience-pos',
    'POST',
    '/v1/sales',
    { sales: [sale] },
    { 'idempotency-key': randomUUID() },
  );
  const [result] = answer.body.results ?? [];
  if (answer.status !== 200 || result?.outcome !== 'accepted')
    throw new Error(`sale answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  const saleId = result.saleId!;
  await until(`${saleId} accrued and posted`, async () => {
    const view = await orders.call<{ timeline: { step: string }[] }>(
      'operator',
      'GET',
      `/v1/sales/${saleId}`,
    );
    const steps = view.body.timeline?.map((e) => e.step) ?? [];
    return (
      [...(sale.memberId ? ['points-accrued'] : []), 'erp-sale-posted'].every((s) => steps.includes(s)) ||
      undefined
    );
  });
  return saleId;
}
