import { MEMBER, openPickupOrdersFixture, type PickupOrdersFixture } from './pickup-orders.fixture';

describe('ListPointsHolds', () => {
  let fx: PickupOrdersFixture;
  beforeAll(async () => {
    fx = await openPickupOrdersFixture();
  });
  afterAll(() => fx.close());

  it("lists the member's points held by orders in the holding states only", async () => {
    await fx.seed('po_holds_reserved', 'RESERVED', { redemptionId: 'RD-1', pointsRedeemed: 100 });
    await fx.seed('po_holds_ready', 'READY_FOR_PICKUP', { redemptionId: 'RD-2', pointsRedeemed: 20 });
    await fx.seed('po_holds_cancelled', 'CANCELLED', { redemptionId: 'RD-3', pointsRedeemed: 30 });
    await fx.seed('po_holds_collected', 'COLLECTED', { redemptionId: 'RD-4', pointsRedeemed: 40 });
    await fx.seed('po_holds_nopoints', 'RESERVED');
    await fx.seed('po_holds_other', 'RESERVED', {
      memberId: '9999999999999',
      redemptionId: 'RD-5',
      pointsRedeemed: 50,
    });

    const { holds } = await fx.listPointsHolds.execute({ memberId: MEMBER });

    expect(holds.map(({ holdId, orderId, points }) => ({ holdId, orderId, points }))).toEqual([
      { holdId: 'RD-1', orderId: 'po_holds_reserved', points: 100 },
      { holdId: 'RD-2', orderId: 'po_holds_ready', points: 20 },
    ]);
  });
});
