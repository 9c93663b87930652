import { randomUUID } from 'node:crypto';
import type { AppProcess } from '../../support/app-process';
import { DEV_KEYS, DEV_STORES, WITHOUT_PLANS } from '../../support/experience-stack';
import {
  OrdersClient,
  type OrdersStack,
  createdErpDocuments,
  membersWith,
  pointsOf,
  startExperienceOver,
  startOrdersStack,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';
import { operatorGet, postSales, saleOf, seeded } from '../store-sales/store-sales-fixtures';
import {
  loyaltyRedemptionOf,
  loyaltyRedemptionStatus,
  posWrite,
  type RedemptionBody,
  redemptionOf,
  redemptionWhen,
  stepsOf,
} from './till-redemption-support';

interface SaleBody {
  saleId: string;
  timeline: { step: string; outcome: string; detail: Record<string, unknown> }[];
}

/*
 * A store sale naming a till redemption captures it, once, as an effect of the sale recorded in the
 * sale's timeline; the redemption's points liability is posted once however often the sale is sent.
 */
describe('a store sale capturing the till redemption it names', () => {
  let stack: OrdersStack;
  let pos: AppProcess;
  let orders: OrdersClient;
  let members: string[];
  let skus: string[];
  const store: string = DEV_STORES[0];
  const random = seeded(7);
  let sequence = 100;

  beforeAll(async () => {
    stack = await startOrdersStack({ database: 'postgres' });
    pos = await startExperienceOver(stack, 'experience-pos', WITHOUT_PLANS);
    orders = new OrdersClient(stack);
    members = await membersWith(stack.sandbox, (m) => m.status === 'ACTIVE' && m.points >= 1_000);
    skus = (await stack.sandbox.seed()).skus.slice(0, 5);
  });
  afterAll(async () => {
    await pos?.stop();
    await stopOrdersStack(stack);
  });

  async function authorize(
    memberId: string,
    points: number,
    storeId = store,
    apiKey: string = DEV_KEYS.posStore1Register,
  ): Promise<RedemptionBody> {
    const authorized = await posWrite<RedemptionBody>(pos, apiKey, '/v1/loyalty/redemptions', {
      storeId,
      memberId,
      points,
    });
    expect(authorized.status).toBe(201);
    return authorized.body;
  }

  /** A member's sale at `storeId` paying `points` with the redemption it names, the rest by card. */
  function saleWith(memberId: string, redemptionId: string, points: number, storeId = store) {
    const sale = saleOf({
      storeId,
      registerId: 'R01',
      sequence: ++sequence,
      businessDate: '2026-11-29',
      skus,
      memberId,
      random,
    });
    const total = sale.tenders.reduce((sum, t) => sum + t.amountMinor, 0);
    return {
      ...sale,
      redemptionId,
      tenders: [
        { type: 'CARD' as const, amountMinor: total - points },
        { type: 'POINTS' as const, amountMinor: points, points },
      ],
    };
  }

  const accruedBy = (sale: SaleBody) =>
    sale.timeline.find((e) => e.step === 'points-accrued')!.detail.points as number;
  const saleWhen = (saleId: string, what: string, accept: (sale: SaleBody) => boolean) =>
    until(`${saleId}: ${what}`, async () => {
      const read = await operatorGet<SaleBody>(stack.orders, `/v1/sales/${saleId}`);
      return read.status === 200 && accept(read.body) ? read.body : undefined;
    });

  it('captures the redemption once, in the sale timeline, and posts its points liability once however often the sale is sent', async () => {
    const memberId = members[0];
    const before = await pointsOf(stack.sandbox, memberId);
    const redemption = await authorize(memberId, 150);
    const sale = saleWith(memberId, redemption.redemptionId, 150);

    const accepted = await postSales(stack.orders, [sale]);
    expect(accepted.body.results[0].outcome).toBe('accepted');
    const saleId = accepted.body.results[0].saleId!;
    // Sent again (a lost answer, a backlog resent): the same sale, no second capture.
    expect((await postSales(stack.orders, [sale])).body.results[0]).toMatchObject({
      outcome: 'duplicate',
      saleId,
    });

    const recorded = await saleWhen(saleId, 'redemption captured and points accrued', (s) =>
      ['redemption-captured', 'points-accrued'].every((step) => s.timeline.some((e) => e.step === step)),
    );
    expect(recorded.timeline.filter((e) => e.step === 'redemption-captured')).toEqual([
      expect.objectContaining({ outcome: 'done', detail: { redemptionId: redemption.redemptionId } }),
    ]);
    const posted = await redemptionWhen(orders, redemption.redemptionId, 'points liability posted', (r) =>
      r.postings.some((p) => p.status === 'posted'),
    );
    expect(posted.state).toBe('CAPTURED');
    expect(posted.timeline.find((e) => e.step === 'captured')!.detail).toMatchObject({
      saleKey: `${store}:R01:${sequence}`,
    });
    expect(
      (await createdErpDocuments(stack.sandbox)).get(`points_liability_${redemption.redemptionId}`),
    ).toBe(1);
    // The sale's money tenders earn points of their own; the captured 150 stay spent.
    expect(await pointsOf(stack.sandbox, memberId)).toBe(before - 150 + accruedBy(recorded));
    expect(await loyaltyRedemptionStatus(stack, loyaltyRedemptionOf(redemption))).toBe('COMPLETED');

    // The till's own capture afterwards is refused with the state: the sale captured it already.
    const tillCapture = await posWrite(
      pos,
      DEV_KEYS.posStore1Register,
      `/v1/loyalty/redemptions/${redemption.redemptionId}/capture`,
      { storeId: store },
    );
    expect(tillCapture.status).toBe(409);
    expect(tillCapture.body.currentState).toBe('CAPTURED');
    expect(
      stepsOf(await redemptionOf(orders, redemption.redemptionId)).filter((s) => s === 'captured'),
    ).toHaveLength(1);
  });

  it('records a voided redemption as not captured and gives nothing away twice', async () => {
    const memberId = members[1];
    const before = await pointsOf(stack.sandbox, memberId);
    const redemption = await authorize(memberId, 80);
    expect(
      (
        await posWrite(
          pos,
          DEV_KEYS.posStore1Register,
          `/v1/loyalty/redemptions/${redemption.redemptionId}/void`,
          { storeId: store },
        )
      ).status,
    ).toBe(200);
    await redemptionWhen(orders, redemption.redemptionId, 'points released', (r) =>
      stepsOf(r).includes('points-released'),
    );

    const accepted = await postSales(
      stack.orders,
      [saleWith(memberId, redemption.redemptionId, 80)],
      randomUUID(),
    );
    const saleId = accepted.body.results[0].saleId!;
    const recorded = await saleWhen(saleId, 'redemption refused and points accrued', (s) =>
      ['redemption-not-captured', 'points-accrued'].every((step) => s.timeline.some((e) => e.step === step)),
    );
    expect(recorded.timeline.find((e) => e.step === 'redemption-not-captured')).toMatchObject({
      outcome: 'failed',
      detail: { redemptionId: redemption.redemptionId, currentState: 'VOIDED' },
    });
    const after = await redemptionOf(orders, redemption.redemptionId);
    expect(after.state).toBe('VOIDED');
    expect(after.postings).toEqual([]);
    expect(await pointsOf(stack.sandbox, memberId)).toBe(before + accruedBy(recorded));
  });

  it("does not capture another store's redemption named by a sale", async () => {
    const memberId = members[2];
    const redemption = await authorize(memberId, 60, DEV_STORES[1], DEV_KEYS.posStore2Register);
    const accepted = await postSales(stack.orders, [saleWith(memberId, redemption.redemptionId, 60, store)]);
    const saleId = accepted.body.results[0].saleId!;
    const recorded = await saleWhen(saleId, 'redemption refused', (s) =>
      s.timeline.some((e) => e.step === 'redemption-not-captured'),
    );
    expect(recorded.timeline.find((e) => e.step === 'redemption-not-captured')!.detail).toMatchObject({
      reason: 'till-redemption-of-another-store',
    });
    const untouched = await redemptionOf(orders, redemption.redemptionId);
    expect(untouched.state).toBe('AUTHORIZED');
    expect(stepsOf(untouched)).toEqual(['authorization-started', 'points-held']);
  });
});
