import { IllegalTransition, MoveNotAllowed } from '@omnigate/workflow';
import { refusalOf, storeCtx } from '../process-orders.fixture';
import { openPickupOrdersFixture, STORE, type PickupOrdersFixture } from './pickup-orders.fixture';
import { PickListNotSent } from './pickup-orders.errors';

describe('MarkPickupOrderReady', () => {
  let fx: PickupOrdersFixture;
  beforeAll(async () => {
    fx = await openPickupOrdersFixture();
  });
  afterAll(() => fx.close());

  it('moves a RESERVED order whose pick list was sent to READY_FOR_PICKUP, for its own store', async () => {
    await fx.seed('po_ready_ok', 'RESERVED', { omsOrderId: 'OMS-1', pickListId: 'PL-1' });
    const view = await fx.markReady.execute(storeCtx(STORE), { orderId: 'po_ready_ok', storeId: STORE });
    expect(view.state).toBe('READY_FOR_PICKUP');
    expect((await fx.orders.get('po_ready_ok')).state).toBe('READY_FOR_PICKUP');
    expect(await fx.stepsOf('po_ready_ok')).toEqual(['ready-for-pickup']);
  });

  it('refuses an order the store has no pick list for yet, and leaves it RESERVED', async () => {
    await fx.seed('po_ready_nolist', 'RESERVED', { omsOrderId: 'OMS-2' });
    const refused = await refusalOf(
      fx.markReady.execute(storeCtx(STORE), { orderId: 'po_ready_nolist', storeId: STORE }),
    );
    expect(refused).toBeInstanceOf(PickListNotSent);
    expect((await fx.orders.get('po_ready_nolist')).state).toBe('RESERVED');
  });

  it("refuses another store's device, and changes nothing", async () => {
    await fx.seed('po_ready_other', 'RESERVED', { omsOrderId: 'OMS-3', pickListId: 'PL-3' });
    const refused = await refusalOf(
      fx.markReady.execute(storeCtx('ST-2'), { orderId: 'po_ready_other', storeId: 'ST-2' }),
    );
    expect(refused).toBeInstanceOf(MoveNotAllowed);
    expect((await fx.orders.get('po_ready_other')).state).toBe('RESERVED');
    expect(await fx.stepsOf('po_ready_other')).toEqual([]);
  });

  it('refuses an order already collected with 409 and its current state', async () => {
    await fx.seed('po_ready_done', 'COLLECTED', { omsOrderId: 'OMS-4', pickListId: 'PL-4' });
    const refused = await refusalOf(
      fx.markReady.execute(storeCtx(STORE), { orderId: 'po_ready_done', storeId: STORE }),
    );
    expect(refused).toBeInstanceOf(IllegalTransition);
    expect((refused as IllegalTransition).kind).toBe('conflict');
    expect((refused as IllegalTransition).extensions).toEqual({
      currentState: 'COLLECTED',
      requestedState: 'READY_FOR_PICKUP',
    });
    expect((await fx.orders.get('po_ready_done')).state).toBe('COLLECTED');
  });
});
