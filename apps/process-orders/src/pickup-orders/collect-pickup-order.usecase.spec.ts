import { IllegalTransition, MoveNotAllowed } from '@omnigate/workflow';
import { refusalOf, storeCtx } from '../process-orders.fixture';
import { openPickupOrdersFixture, STORE, type PickupOrdersFixture } from './pickup-orders.fixture';

describe('CollectPickupOrder', () => {
  let fx: PickupOrdersFixture;
  beforeAll(async () => {
    fx = await openPickupOrdersFixture();
  });
  afterAll(() => fx.close());

  it('collects a ready order: the points stay captured, and the sale posting and the completion job are written with the move', async () => {
    await fx.seed('po_collect_ok', 'READY_FOR_PICKUP', {
      reservationId: 'RSV-1',
      redemptionId: 'RD-1',
      pointsRedeemed: 100,
      omsOrderId: 'OMS-1',
      pickListId: 'PL-1',
    });
    const view = await fx.collect.execute(storeCtx(STORE), { orderId: 'po_collect_ok', storeId: STORE });
    expect(view.state).toBe('COLLECTED');
    expect(await fx.stepsOf('po_collect_ok')).toEqual(['collected', 'points-captured']);
    expect(await fx.postingsOf('po_collect_ok')).toEqual([{ kind: 'SALE', status: 'pending' }]);
    expect(await fx.jobsOf('po_collect_ok', 'completeCollection')).toBe(1);
  });

  it('refuses to collect an order that is not ready, with 409 and its current state, and writes nothing', async () => {
    await fx.seed('po_collect_early', 'RESERVED', { reservationId: 'RSV-2' });
    const refused = await refusalOf(
      fx.collect.execute(storeCtx(STORE), { orderId: 'po_collect_early', storeId: STORE }),
    );
    expect(refused).toBeInstanceOf(IllegalTransition);
    expect((refused as IllegalTransition).extensions).toEqual({
      currentState: 'RESERVED',
      requestedState: 'COLLECTED',
    });
    expect((await fx.orders.get('po_collect_early')).state).toBe('RESERVED');
    expect(await fx.postingsOf('po_collect_early')).toEqual([]);
    expect(await fx.jobsOf('po_collect_early', 'completeCollection')).toBe(0);
  });

  it("refuses another store's device", async () => {
    await fx.seed('po_collect_other', 'READY_FOR_PICKUP', { pickListId: 'PL-3' });
    const refused = await refusalOf(
      fx.collect.execute(storeCtx('ST-2'), { orderId: 'po_collect_other', storeId: 'ST-2' }),
    );
    expect(refused).toBeInstanceOf(MoveNotAllowed);
    expect((await fx.orders.get('po_collect_other')).state).toBe('READY_FOR_PICKUP');
  });
});
