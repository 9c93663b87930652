import { MoveNotAllowed } from '@omnigate/workflow';
import { jobCtx, memberCtx, refusalOf } from '../process-orders.fixture';
import { MEMBER, openPickupOrdersFixture, STORE, type PickupOrdersFixture } from './pickup-orders.fixture';

describe('ExpirePickupOrder', () => {
  let fx: PickupOrdersFixture;
  beforeAll(async () => {
    fx = await openPickupOrdersFixture();
  });
  afterAll(() => fx.close());

  it.each(['RESERVED', 'READY_FOR_PICKUP'] as const)(
    'expires an order still %s: the release job is written with the move, the demand voided',
    async (state) => {
      const orderId = (
        await fx.place.execute(memberCtx(MEMBER), {
          storeId: STORE,
          memberId: MEMBER,
          lines: [{ sku: 'SKU-B', quantity: 1 }],
        })
      ).order.orderId;
      if (state === 'READY_FOR_PICKUP')
        await fx.db.transaction((tx) => fx.orders.store.update(tx, orderId, { pickListId: 'PL-1' }, state));
      await fx.expire.execute(jobCtx(), { orderId });
      expect((await fx.orders.get(orderId)).state).toBe('EXPIRED');
      expect((await fx.stepsOf(orderId)).at(-1)).toBe('expired');
      expect(await fx.jobsOf(orderId, 'releaseHolds')).toBe(1);
      expect(await fx.postingsOf(orderId)).toEqual([{ kind: 'DEMAND', status: 'void' }]);
    },
  );

  it.each(['COLLECTED', 'CANCELLED'] as const)('leaves an order already %s as it is', async (state) => {
    const orderId = `po_expire_${state.toLowerCase()}`;
    await fx.seed(orderId, state);
    await fx.expire.execute(jobCtx(), { orderId });
    expect((await fx.orders.get(orderId)).state).toBe(state);
    expect(await fx.stepsOf(orderId)).toEqual([]);
    expect(await fx.jobsOf(orderId, 'releaseHolds')).toBe(0);
  });

  it('is a move of the job runner only: a channel cannot expire an order', async () => {
    await fx.seed('po_expire_channel', 'RESERVED');
    const refused = await refusalOf(fx.expire.execute(memberCtx(MEMBER), { orderId: 'po_expire_channel' }));
    expect(refused).toBeInstanceOf(MoveNotAllowed);
    expect((await fx.orders.get('po_expire_channel')).state).toBe('RESERVED');
  });
});
