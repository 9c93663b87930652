import type { StoreSaleDto } from '../../../libs/contracts/src/process-orders/store-sale';
import { DEV_STORES } from '../../support/experience-stack';
import {
  createdErpDocuments,
  membersWith,
  pointsOf,
  startOrdersStack,
  stopOrdersStack,
  until,
  type OrdersStack,
} from '../../support/orders-stack';
import {
  inBatches,
  keyOf,
  operatorGet,
  postSales,
  saleOf,
  seeded,
  shuffled,
  type SaleResult,
} from './store-sales-fixtures';

/*
 * The promise of issue 10 for the tills: a backlog after an outage, sent in shuffled batches from
 * two senders at once, some sales twice and some keys reused by other sales, is accepted once per
 * key, posted to the ERP once per sale, and accrues a member's points once per sale.
 */
describe('a backlog of store sales, per-sale posting', () => {
  let stack: OrdersStack;
  const store = DEV_STORES[0];
  const businessDate = '2026-11-27';
  const registers = ['REG-01', 'REG-02', 'REG-03', 'REG-04', 'REG-05'];
  // Sequences REG-03 never sent: the gaps operators must see.
  const missing = new Set([57, 120, 121, 122]);
  const random = seeded(10);
  let members: string[];
  let unique: StoreSaleDto[];

  beforeAll(async () => {
    stack = await startOrdersStack({
      database: 'postgres',
      orders: { ERP_POSTING_RATE_PER_S: '400', ERP_POSTING_CONCURRENCY: '8' },
    });
    const seed = await stack.sandbox.seed();
    const skus = seed.skus.slice(0, 25);
    members = (await membersWith(stack.sandbox, (m) => m.status === 'ACTIVE')).slice(0, 6);
    unique = [];
    for (const registerId of registers) {
      let sequence = 1000;
      for (let n = 0; n < 200; n++) {
        sequence += 1;
        while (registerId === 'REG-03' && missing.has(sequence - 1000)) sequence += 1;
        const memberId = random() < 0.3 ? members[Math.floor(random() * members.length)] : undefined;
        unique.push(saleOf({ storeId: store, registerId, sequence, businessDate, skus, memberId, random }));
      }
    }
  }, 120_000);
  afterAll(() => stopOrdersStack(stack));

  it('accepts every sale once, posts one ERP document per sale, accrues once per member sale, refuses and lists the conflicts', async () => {
    const pointsBefore = new Map(
      await Promise.all(members.map(async (m) => [m, await pointsOf(stack.sandbox, m)] as const)),
    );
    const resent = shuffled(unique, random).slice(0, 100);
    // Another sale under a key already taken: sent after the batch holding the first one.
    const contested = shuffled(unique, random).slice(0, 5);
    const conflicting = contested.map((sale, i) => ({
      ...saleOf({ ...sale, skus: [sale.lines[0].sku], random: seeded(500 + i) }),
      memberId: undefined,
    }));
    const broken = [
      { ...unique[0], sequence: 9_001, tenders: [{ type: 'CARD', amountMinor: 1 }] },
      { ...unique[1], sequence: 9_002, lines: [unique[1].lines[0], { ...unique[1].lines[0] }] },
    ];
    const first = inBatches(shuffled([...unique, ...broken], random), 90);
    const second = inBatches(shuffled([...resent, ...conflicting], random), 90);

    const answers: { sale: unknown; result: SaleResult }[] = [];
    const send = async (batches: unknown[][]) => {
      for (const batch of batches) {
        const answer = await postSales(stack.orders, batch);
        expect(answer.status).toBe(200);
        expect(answer.body.results).toHaveLength(batch.length);
        answer.body.results.forEach((result, i) => answers.push({ sale: batch[i], result }));
      }
    };
    // Two tills' worth of senders at once: half the backlog each, then the repeats and the conflicts.
    await Promise.all([send(first.filter((_, i) => i % 2 === 0)), send(first.filter((_, i) => i % 2 === 1))]);
    await send(second);

    const outcomes = (outcome: string) => answers.filter((a) => a.result.outcome === outcome);
    expect(outcomes('accepted')).toHaveLength(unique.length);
    expect(outcomes('duplicate')).toHaveLength(resent.length);
    const refused = outcomes('refused')
      .map((a) => a.result.problem!.type)
      .sort();
    expect(refused).toEqual(
      [...Array(5).fill('sale-key-conflict'), 'sale-line-numbers-repeated', 'sale-tenders-mismatch'].sort(),
    );

    const acceptedIdOf = new Map(outcomes('accepted').map((a) => [a.result.saleKey, a.result.saleId!]));
    expect(new Set(acceptedIdOf.values()).size).toBe(unique.length);
    expect([...acceptedIdOf.keys()].sort()).toEqual(unique.map(keyOf).sort());
    for (const duplicate of outcomes('duplicate'))
      expect(duplicate.result.saleId).toBe(acceptedIdOf.get(duplicate.result.saleKey));

    const conflicts = await operatorGet<{
      conflicts: { saleKey: string; acceptedSaleId: string; submitted: StoreSaleDto }[];
    }>(stack.orders, `/v1/sales/conflicts?storeId=${store}`);
    expect(conflicts.status).toBe(200);
    expect(conflicts.body.conflicts.map((c) => c.saleKey).sort()).toEqual(contested.map(keyOf).sort());
    for (const conflict of conflicts.body.conflicts) {
      expect(conflict.acceptedSaleId).toBe(acceptedIdOf.get(conflict.saleKey));
      expect(conflict.submitted).toEqual(conflicting.find((c) => keyOf(c) === conflict.saleKey));
    }

    // One ERP document per accepted sale, none twice, none for a refused sale.
    const documents = await until(
      'one ERP document per sale',
      async () => {
        const created = await createdErpDocuments(stack.sandbox);
        return created.size >= unique.length ? created : undefined;
      },
      90_000,
      1_000,
    );
    expect([...documents.keys()].sort()).toEqual([...acceptedIdOf.values()].map((id) => `sale_${id}`).sort());
    expect([...documents.values()].every((n) => n === 1)).toBe(true);

    // Each member earns the points of each of their sales once.
    const earned = new Map<string, number>();
    for (const sale of unique.filter((s) => s.memberId)) {
      const paid = sale.tenders.reduce((sum, t) => sum + t.amountMinor, 0);
      earned.set(sale.memberId!, (earned.get(sale.memberId!) ?? 0) + Math.floor(paid / 100));
    }
    await until(
      'every accrual booked',
      async () => {
        for (const member of members) {
          if (
            (await pointsOf(stack.sandbox, member)) !==
            pointsBefore.get(member)! + (earned.get(member) ?? 0)
          )
            return undefined;
        }
        return true;
      },
      60_000,
      1_000,
    );
    const accruals = (await stack.sandbox.calls('loyalty', 'POST members/{memberNumber}/accruals')).filter(
      (c) => c.status < 300,
    );
    const references = accruals.map((c) => (c.body as { reference?: string } | undefined)?.reference);
    const memberSales = unique.filter(
      (s) => s.memberId && s.tenders.reduce((sum, t) => sum + t.amountMinor, 0) >= 100,
    );
    expect(new Set(references).size).toBe(memberSales.length);

    // A member sale's timeline names every effect with its backend ids.
    const memberSale = memberSales[0];
    const view = await until('the member sale posted', async () => {
      const read = await operatorGet(stack.orders, `/v1/sales/${acceptedIdOf.get(keyOf(memberSale))}`);
      return read.body.timeline.some((e: { step: string }) => e.step === 'erp-sale-posted') &&
        read.body.timeline.some((e: { step: string }) => e.step === 'points-accrued')
        ? read.body
        : undefined;
    });
    expect(view.sale).toEqual(memberSale);
    const steps = view.timeline.map((e: { step: string }) => e.step);
    expect(steps.slice(0, 2)).toEqual(['accepted', 'erp-sale-scheduled']);
    expect(
      view.timeline.find((e: { step: string }) => e.step === 'erp-sale-posted').detail.erpDocumentId,
    ).toMatch(/^90\d{8}$/);
    expect(
      view.timeline.find((e: { step: string }) => e.step === 'points-accrued').detail.loyaltyTransactionId,
    ).toEqual(expect.any(String));
    expect(
      view.netLines.reduce((sum: number, l: { netAmountMinor: number }) => sum + l.netAmountMinor, 0),
    ).toBe(view.totalMinor);
  }, 180_000);

  it('shows the gaps in a register sequence, and none where the sequence is whole', async () => {
    const gaps = await operatorGet(
      stack.orders,
      `/v1/sales/registers/${store}/REG-03/gaps?businessDate=${businessDate}`,
    );
    expect(gaps.status).toBe(200);
    expect(gaps.body).toMatchObject({
      storeId: store,
      registerId: 'REG-03',
      acceptedSales: 200,
      firstSequence: 1001,
    });
    expect(gaps.body.gaps).toEqual([
      { fromSequence: 1057, toSequence: 1057, missing: 1 },
      { fromSequence: 1120, toSequence: 1122, missing: 3 },
    ]);
    const whole = await operatorGet(stack.orders, `/v1/sales/registers/${store}/REG-01/gaps`);
    expect(whole.body).toMatchObject({
      acceptedSales: 200,
      firstSequence: 1001,
      lastSequence: 1200,
      gaps: [],
    });
  });
});
