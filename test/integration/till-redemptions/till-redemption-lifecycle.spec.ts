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
} from '../../support/orders-stack';
import {
  cancelsOf,
  loyaltyRedemptionOf,
  loyaltyRedemptionStatus,
  posWrite,
  type RedemptionBody,
  redemptionOf,
  redemptionWhen,
  stepsOf,
} from './till-redemption-support';

describe('loyalty points at the till: hold, capture, void', () => {
  let stack: OrdersStack;
  let pos: AppProcess;
  let orders: OrdersClient;
  let members: string[];
  const [store, otherStore]: string[] = [...DEV_STORES];
  const till: string = DEV_KEYS.posStore1Register;
  const otherTill: string = DEV_KEYS.posStore2Register;

  beforeAll(async () => {
    stack = await startOrdersStack({ database: 'postgres' });
    pos = await startExperienceOver(stack, 'experience-pos', WITHOUT_PLANS);
    orders = new OrdersClient(stack);
    members = await membersWith(stack.sandbox, (m) => m.status === 'ACTIVE' && m.points >= 2_000);
  });
  afterAll(async () => {
    await pos?.stop();
    await stopOrdersStack(stack);
  });

  async function authorize(memberId: string, points: number) {
    const before = await pointsOf(stack.sandbox, memberId);
    const authorized = await posWrite<RedemptionBody>(pos, till, '/v1/loyalty/redemptions', {
      storeId: store,
      memberId,
      points,
      reference: 'basket-1',
    });
    expect(authorized.status).toBe(201);
    expect(authorized.body).toMatchObject({ state: 'AUTHORIZED', storeId: store, memberId, points });
    expect(authorized.body.redemptionId).toMatch(/^rdm_[A-Za-z0-9_-]{10,40}$/);
    expect(await pointsOf(stack.sandbox, memberId)).toBe(before - points);
    return { redemption: authorized.body, before };
  }

  const capture = (redemptionId: string, apiKey = till, storeId = store, key?: string) =>
    posWrite(pos, apiKey, `/v1/loyalty/redemptions/${redemptionId}/capture`, { storeId }, key);
  const voidIt = (redemptionId: string, apiKey = till, storeId = store) =>
    posWrite(pos, apiKey, `/v1/loyalty/redemptions/${redemptionId}/void`, { storeId });

  function expectIllegal(
    answer: { status: number; headers: Headers; body: any },
    currentState: string,
    requestedState: string,
  ) {
    expect(answer.status).toBe(409);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({
      type: expect.stringContaining('illegal-till-redemption-transition'),
      currentState,
      requestedState,
    });
  }

  it('holds the points, captures them once and posts the points liability to the ERP once', async () => {
    const memberId = members[0];
    const { redemption, before } = await authorize(memberId, 300);
    const loyaltyRedemptionId = loyaltyRedemptionOf(redemption);
    expect(await loyaltyRedemptionStatus(stack, loyaltyRedemptionId)).toBe('COMPLETED');

    const key = randomUUID();
    const captured = await capture(redemption.redemptionId, till, store, key);
    expect(captured.status).toBe(200);
    expect(captured.body.state).toBe('CAPTURED');
    // A lost answer retried under its key is the first answer, not a second capture.
    const replay = await capture(redemption.redemptionId, till, store, key);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    const posted = await redemptionWhen(orders, redemption.redemptionId, 'points liability posted', (r) =>
      r.postings.some((p) => p.status === 'posted'),
    );
    expect(posted.postings).toEqual([
      expect.objectContaining({
        kind: 'POINTS_LIABILITY',
        status: 'posted',
        postingId: `points_liability_${redemption.redemptionId}`,
      }),
    ]);
    expect(stepsOf(posted)).toEqual([
      'authorization-started',
      'points-held',
      'captured',
      'erp-points_liability-posted',
    ]);

    // Capturing twice and voiding after capture are refused with the state as it is.
    expectIllegal(await capture(redemption.redemptionId), 'CAPTURED', 'CAPTURED');
    expectIllegal(await voidIt(redemption.redemptionId), 'CAPTURED', 'VOIDED');

    expect((await createdErpDocuments(stack.sandbox)).get(posted.postings[0].postingId)).toBe(1);
    expect(await pointsOf(stack.sandbox, memberId)).toBe(before - 300);
    expect(await loyaltyRedemptionStatus(stack, loyaltyRedemptionId)).toBe('COMPLETED');
    expect(stepsOf(await redemptionOf(orders, redemption.redemptionId))).toEqual(stepsOf(posted));
  });

  it('voids a hold and gives the points back exactly once', async () => {
    const memberId = members[1];
    const { redemption, before } = await authorize(memberId, 250);
    const loyaltyRedemptionId = loyaltyRedemptionOf(redemption);

    const voided = await voidIt(redemption.redemptionId);
    expect(voided.status).toBe(200);
    expect(voided.body.state).toBe('VOIDED');
    const released = await redemptionWhen(orders, redemption.redemptionId, 'points released', (r) =>
      stepsOf(r).includes('points-released'),
    );
    expect(await pointsOf(stack.sandbox, memberId)).toBe(before);
    expect(await loyaltyRedemptionStatus(stack, loyaltyRedemptionId)).toBe('CANCELLED');

    expectIllegal(await capture(redemption.redemptionId), 'VOIDED', 'CAPTURED');
    expectIllegal(await voidIt(redemption.redemptionId), 'VOIDED', 'VOIDED');

    const after = await redemptionOf(orders, redemption.redemptionId);
    expect(stepsOf(after).filter((s) => s === 'points-released')).toHaveLength(1);
    expect(after.postings).toEqual([]);
    expect(await cancelsOf(stack, loyaltyRedemptionId)).toBe(1);
    expect(await pointsOf(stack.sandbox, memberId)).toBe(before);
    expect(stepsOf(released)).toEqual(['authorization-started', 'points-held', 'voided', 'points-released']);
  });

  it("refuses another store's till and a plain channel key, and changes nothing", async () => {
    const memberId = members[2];
    const { redemption, before } = await authorize(memberId, 200);
    const refused = [
      // Another store's till naming its own store: the redemption is not its store's.
      await capture(redemption.redemptionId, otherTill, otherStore),
      await voidIt(redemption.redemptionId, otherTill, otherStore),
      // Another store's till naming the redemption's store: not its store to act for.
      await capture(redemption.redemptionId, otherTill, store),
      await voidIt(redemption.redemptionId, otherTill, store),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(403);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(refused.slice(0, 2).map((a) => a.body.type)).toEqual([
      expect.stringContaining('till-redemption-of-another-store'),
      expect.stringContaining('till-redemption-of-another-store'),
    ]);
    // A hold at another store, and a storefront key, are refused before anything is held.
    expect(
      (await posWrite(pos, otherTill, '/v1/loyalty/redemptions', { storeId: store, memberId, points: 10 }))
        .status,
    ).toBe(403);
    expect(
      (await posWrite(pos, DEV_KEYS.web, '/v1/loyalty/redemptions', { storeId: store, memberId, points: 10 }))
        .status,
    ).toBe(403);
    expect(
      (
        await posWrite(pos, DEV_KEYS.web, `/v1/loyalty/redemptions/${redemption.redemptionId}/capture`, {
          storeId: store,
        })
      ).status,
    ).toBe(403);
    // Below the edge, only experience-pos may call.
    expect(
      (
        await orders.write(
          'experience-storefront',
          `/v1/loyalty/redemptions/${redemption.redemptionId}/capture`,
          { storeId: store },
        )
      ).status,
    ).toBe(403);
    // An unknown redemption is 404 problem+json.
    const unknown = await capture('rdm_unknownunknown00');
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toContain('till-redemption-not-found');

    const unchanged = await redemptionOf(orders, redemption.redemptionId);
    expect(unchanged.state).toBe('AUTHORIZED');
    expect(stepsOf(unchanged)).toEqual(['authorization-started', 'points-held']);
    expect(await pointsOf(stack.sandbox, memberId)).toBe(before - 200);
    expect(await loyaltyRedemptionStatus(stack, loyaltyRedemptionOf(redemption))).toBe('COMPLETED');
    // The redemption's own till still may.
    expect((await capture(redemption.redemptionId)).body.state).toBe('CAPTURED');
  });

  it('refuses a hold beyond the balance and holds nothing', async () => {
    const memberId = members[3];
    const before = await pointsOf(stack.sandbox, memberId);
    const refused = await posWrite(pos, till, '/v1/loyalty/redemptions', {
      storeId: store,
      memberId,
      points: before + 1,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.type).toContain('insufficient-points');
    expect(await pointsOf(stack.sandbox, memberId)).toBe(before);
    const invalid = await posWrite(pos, till, '/v1/loyalty/redemptions', {
      storeId: store,
      memberId,
      points: 0,
    });
    expect(invalid.status).toBe(400);
  });
});
