import { jobCtx } from '../process-orders.fixture';
import { openPickupOrdersFixture, STORE, type PickupOrdersFixture } from './pickup-orders.fixture';

describe('SendPickList', () => {
  let fx: PickupOrdersFixture;
  beforeAll(async () => {
    fx = await openPickupOrdersFixture();
  });
  afterAll(() => fx.close());

  /** A RESERVED order the OMS has. */
  async function inOms(orderId: string, state: 'RESERVED' | 'CANCELLED' = 'RESERVED') {
    const { omsOrderId } = await fx.oms.createOrder({
      externalOrderId: orderId,
      channel: 'STOREFRONT',
      storeId: STORE,
      fulfilment: 'PICKUP',
      lines: [{ sku: 'SKU-A', quantity: 1 }],
    });
    await fx.seed(orderId, state, { omsOrderId });
    return omsOrderId;
  }

  it("sends the pick list of the OMS order to the store and learns the list's id", async () => {
    const omsOrderId = await inOms('po_picklist_ok');
    await fx.sendPickList.execute(jobCtx(), { orderId: 'po_picklist_ok' });
    const { pickListId } = await fx.orders.get('po_picklist_ok');
    expect(pickListId).toBe(fx.oms.orders.get(omsOrderId)!.pickListId);
    expect(await fx.stepsOf('po_picklist_ok')).toEqual(['pick-list-sent']);
  });

  it('sends it once, however often the job runs', async () => {
    await inOms('po_picklist_twice');
    await fx.sendPickList.execute(jobCtx(), { orderId: 'po_picklist_twice' });
    const calls = fx.oms.calls.filter((c) => c === 'createPickList').length;
    await fx.sendPickList.execute(jobCtx(), { orderId: 'po_picklist_twice' });
    expect(fx.oms.calls.filter((c) => c === 'createPickList').length).toBe(calls);
    expect(await fx.stepsOf('po_picklist_twice')).toEqual(['pick-list-sent']);
  });

  it('sends nothing for an order the OMS does not have yet, or one that no longer holds stock', async () => {
    await fx.seed('po_picklist_nooms', 'RESERVED');
    await inOms('po_picklist_ended', 'CANCELLED');
    const calls = fx.oms.calls.length;
    await fx.sendPickList.execute(jobCtx(), { orderId: 'po_picklist_nooms' });
    await fx.sendPickList.execute(jobCtx(), { orderId: 'po_picklist_ended' });
    expect(fx.oms.calls.length).toBe(calls);
    expect((await fx.orders.get('po_picklist_ended')).pickListId).toBeNull();
  });
});
