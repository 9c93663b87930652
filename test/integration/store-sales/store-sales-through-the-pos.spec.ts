import { randomUUID } from 'node:crypto';
import type { AppProcess } from '../../support/app-process';
import { DEV_KEYS, DEV_STORES, WITHOUT_PLANS } from '../../support/experience-stack';
import {
  startExperienceOver,
  startOrdersStack,
  stopOrdersStack,
  until,
  type OrdersStack,
} from '../../support/orders-stack';
import { operatorGet, saleOf, seeded, type SaleResult } from './store-sales-fixtures';

/*
 * The tills send sales through experience-pos: a POS key posts for its own store only, a key bound
 * to a register for that register only; a batch naming another is refused whole and changes nothing.
 */
describe('store sales through the POS experience API', () => {
  let stack: OrdersStack;
  let pos: AppProcess;
  let skus: string[];
  const [store, otherStore] = DEV_STORES;
  const businessDate = '2026-11-29';
  const random = seeded(42);

  beforeAll(async () => {
    stack = await startOrdersStack({ database: 'pglite' });
    pos = await startExperienceOver(stack, 'experience-pos', WITHOUT_PLANS);
    skus = (await stack.sandbox.seed()).skus.slice(0, 5);
  }, 120_000);
  afterAll(async () => {
    await pos?.stop();
    await stopOrdersStack(stack);
  });

  const sale = (storeId: string, registerId: string, sequence: number) =>
    saleOf({ storeId, registerId, sequence, businessDate, skus, random });
  const send = async (apiKey: string, sales: unknown[], idempotencyKey: string | null = randomUUID()) => {
    const response = await fetch(`${pos.url}/v1/sales`, {
      method: 'POST',
      headers: {
        'x-api-key': apiKey,
        'content-type': 'application/json',
        ...(idempotencyKey !== null && { 'idempotency-key': idempotencyKey }),
      },
      body: JSON.stringify({ sales }),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as { results: SaleResult[]; type?: string },
    };
  };
  const acceptedAt = async (storeId: string, registerId: string) =>
    (
      await operatorGet<{ acceptedSales: number }>(
        stack.orders,
        `/v1/sales/registers/${storeId}/${registerId}/gaps`,
      )
    ).body.acceptedSales;

  it("takes a register's sales from its own key, and answers a repeat of the key with the first result", async () => {
    const sales = [sale(store, 'R01', 1), sale(store, 'R01', 2)];
    const key = randomUUID();
    const first = await send(DEV_KEYS.posStore1Register, sales, key);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r) => r.outcome)).toEqual(['accepted', 'accepted']);
    const repeat = await send(DEV_KEYS.posStore1Register, sales, key);
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(repeat.body).toEqual(first.body);
    // Sent again under a new key: each sale answers its first saleId.
    const resent = await send(DEV_KEYS.posStore1Register, sales);
    expect(resent.body.results).toEqual(first.body.results.map((r) => ({ ...r, outcome: 'duplicate' })));
  });

  it('refuses a single sale under a taken key with 409 problem+json, keeps it for operators, and answers a repeat the same', async () => {
    const taken = sale(store, 'R01', 50);
    expect((await send(DEV_KEYS.posStore1Register, [taken])).body.results[0].outcome).toBe('accepted');
    const other = sale(store, 'R01', 50);
    expect(other).not.toEqual(taken);
    const key = randomUUID();
    const refused = await send(DEV_KEYS.posStore1Register, [other], key);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({
      type: 'https://omnigate.dev/problems/sale-key-conflict',
      saleKey: `${store}:R01:50`,
    });
    const repeat = await send(DEV_KEYS.posStore1Register, [other], key);
    expect(repeat.status).toBe(409);
    // The repeat is the first answer replayed: the submission is kept once, not twice.
    const conflicts = await operatorGet<{ conflicts: { saleKey: string }[] }>(
      stack.orders,
      `/v1/sales/conflicts?storeId=${store}`,
    );
    expect(conflicts.body.conflicts.filter((c) => c.saleKey === `${store}:R01:50`)).toHaveLength(1);
  });

  it('answers each sale on its own: a broken one is refused, the others accepted', async () => {
    const broken = { ...sale(store, 'R01', 11), tenders: [{ type: 'POINTS', amountMinor: 5 }] };
    const answer = await send(DEV_KEYS.posStore1Register, [
      sale(store, 'R01', 10),
      broken,
      { ...sale(store, 'R01', 12), extra: true },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r) => [r.outcome, r.problem?.type])).toEqual([
      ['accepted', undefined],
      ['refused', 'sale-points-tender-invalid'],
      ['refused', 'sale-invalid'],
    ]);
  });

  it("refuses a batch holding another store's sale, whole, and records nothing", async () => {
    const before = [await acceptedAt(store, 'R01'), await acceptedAt(otherStore, 'R01')];
    const mixed = [sale(store, 'R01', 20), sale(otherStore, 'R01', 20)];
    for (const apiKey of [DEV_KEYS.posStore1Register, DEV_KEYS.posStoreServer]) {
      const refused = await send(apiKey, mixed);
      expect(refused.status).toBe(403);
      expect(refused.body.type).toMatch(/store-not-permitted$/);
    }
    const foreignDevice = await send(DEV_KEYS.posStore2Register, [sale(store, 'R01', 21)]);
    expect(foreignDevice.status).toBe(403);
    expect([await acceptedAt(store, 'R01'), await acceptedAt(otherStore, 'R01')]).toEqual(before);
  });

  it("refuses a register key another register's sale, and lets the store's server key post for any register of its store", async () => {
    const otherRegister = await send(DEV_KEYS.posStore1Register, [sale(store, 'R02', 1)]);
    expect(otherRegister.status).toBe(403);
    expect(otherRegister.body.type).toMatch(/register-not-permitted$/);
    expect(await acceptedAt(store, 'R02')).toBe(0);
    const server = await send(DEV_KEYS.posStoreServer, [sale(store, 'R02', 1)]);
    expect(server.status).toBe(200);
    expect(server.body.results[0].outcome).toBe('accepted');
    expect(await acceptedAt(store, 'R02')).toBe(1);
  });

  it('refuses a channel without the sales scope, a write without an Idempotency-Key, and a malformed envelope', async () => {
    const before = await acceptedAt(store, 'R01');
    expect((await send(DEV_KEYS.web, [sale(store, 'R01', 30)])).status).toBe(403);
    const keyless = await send(DEV_KEYS.posStore1Register, [sale(store, 'R01', 31)], null);
    expect(keyless.status).toBe(400);
    expect(keyless.body.type).toMatch(/idempotency-key-missing$/);
    expect((await send(DEV_KEYS.posStore1Register, [])).status).toBe(400);
    expect((await send(DEV_KEYS.posStore1Register, ['not a sale'])).status).toBe(400);
    expect(await acceptedAt(store, 'R01')).toBe(before);
  });

  it('keeps a sale whose member the loyalty platform does not know, and notes the refused accrual in its timeline', async () => {
    const unknownMember = { ...sale(store, 'R01', 40), memberId: '0000000000001' };
    const answer = await send(DEV_KEYS.posStore1Register, [unknownMember]);
    expect(answer.body.results[0].outcome).toBe('accepted');
    const timeline = await until('the accrual refused', async () => {
      const view = await operatorGet(stack.orders, `/v1/sales/${answer.body.results[0].saleId}`);
      const steps = view.body.timeline as {
        step: string;
        outcome: string;
        detail: Record<string, unknown>;
      }[];
      return steps.some((e) => e.step === 'points-accrued') ? steps : undefined;
    });
    expect(timeline.find((e) => e.step === 'points-accrued')).toMatchObject({
      outcome: 'failed',
      detail: { refusal: 'unknown-member' },
    });
  });
});
