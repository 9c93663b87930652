import { randomUUID } from 'node:crypto';
import type { AppProcess } from '../../support/app-process';
import { type OrdersClient, type OrdersStack, until } from '../../support/orders-stack';

/** A till redemption as process-orders and experience-pos answer it (the fields the tests read). */
export interface RedemptionBody {
  redemptionId: string;
  state: string;
  storeId: string;
  memberId: string;
  points: number;
  value: { amountMinor: number; currency: string };
  expiresAt: string | null;
  timeline: { step: string; outcome: string; detail: Record<string, unknown> }[];
  postings: { postingId: string; kind: string; status: string; erpDocumentId: string | null }[];
}

/** An answer of experience-pos: status, headers and parsed body. */
export interface PosAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls experience-pos as a till would: its API key, JSON, a fresh Idempotency-Key unless one is given. */
export async function posWrite<T = any>(
  pos: AppProcess,
  apiKey: string,
  path: string,
  body: unknown,
  key: string = randomUUID(),
): Promise<PosAnswer<T>> {
  const response = await fetch(`${pos.url}${path}`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** A till redemption as operators read it from process-orders. */
export async function redemptionOf(orders: OrdersClient, redemptionId: string): Promise<RedemptionBody> {
  const answer = await orders.call<RedemptionBody>(
    'operator',
    'GET',
    `/v1/loyalty/redemptions/${redemptionId}`,
  );
  if (answer.status !== 200) throw new Error(`process-orders answered ${answer.status} for ${redemptionId}`);
  return answer.body;
}

/** Waits until the redemption satisfies `accept`, returning it. */
export function redemptionWhen(
  orders: OrdersClient,
  redemptionId: string,
  what: string,
  accept: (r: RedemptionBody) => boolean,
  timeoutMs = 30_000,
): Promise<RedemptionBody> {
  return until(
    `${redemptionId}: ${what}`,
    async () => {
      const redemption = await redemptionOf(orders, redemptionId);
      return accept(redemption) ? redemption : undefined;
    },
    timeoutMs,
  );
}

export const stepsOf = (redemption: RedemptionBody) => redemption.timeline.map((e) => e.step);

/** The loyalty platform's redemption holding the points of a till redemption (from its `points-held` step). */
export const loyaltyRedemptionOf = (redemption: RedemptionBody) =>
  redemption.timeline.find((e) => e.step === 'points-held')!.detail.loyaltyRedemptionId as string;

/** A redemption's status at the sandbox loyalty platform. */
export async function loyaltyRedemptionStatus(
  stack: OrdersStack,
  loyaltyRedemptionId: string,
): Promise<string> {
  const response = await fetch(`${stack.sandbox.url}/loyalty/api/v2/redemptions/${loyaltyRedemptionId}`);
  if (!response.ok) throw new Error(`sandbox loyalty answered ${response.status}`);
  return ((await response.json()) as { status: string }).status;
}

/** Successful cancels of a loyalty redemption the sandbox received (a repeat is refused 409 ALREADY_CANCELLED). */
export async function cancelsOf(stack: OrdersStack, loyaltyRedemptionId: string): Promise<number> {
  const calls = await stack.sandbox.calls('loyalty', 'POST redemptions/{redemptionId}/cancel');
  return calls.filter((c) => c.path.includes(loyaltyRedemptionId) && c.status === 200).length;
}
