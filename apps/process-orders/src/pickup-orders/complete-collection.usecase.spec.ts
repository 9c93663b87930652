import { SystemRefusal } from '@omnigate/system-clients';
import { jobCtx, refusalOf, storeCtx } from '../process-orders.fixture';
import { MEMBER, openPickupOrdersFixture, STORE, type PickupOrdersFixture } from './pickup-orders.fixture';
import { collectionAccrualReference } from './complete-collection.usecase';

describe('CompleteCollection', () => {
  let fx: PickupOrdersFixture;
  beforeAll(async () => {
    fx = await openPickupOrdersFixture({ POINTS_PER_CURRENCY_UNIT: 2 });
  });
  afterAll(() => fx.close());

  /** A collected member order (total 23.50 EUR) with an active reservation and an OMS order. */
  async function collected(
    orderId: string,
    memberId: string | null = MEMBER,
  ): Promise<{ reservationId: string; omsOrderId: string }> {
    const { reservationId } = await fx.oms.reserve({
      reservationRef: orderId,
      storeId: STORE,
      expiresAt: '2026-12-31T00:00:00.000Z',
      lines: [{ sku: 'SKU-A', quantity: 1 }],
    });
    const { omsOrderId } = await fx.oms.createOrder({
      externalOrderId: orderId,
      channel: 'STOREFRONT',
      storeId: STORE,
      fulfilment: 'PICKUP',
      reservationId,
      lines: [{ sku: 'SKU-A', quantity: 1 }],
    });
    await fx.seed(orderId, 'READY_FOR_PICKUP', {
      memberId,
      reservationId,
      omsOrderId,
      pickListId: 'PL-1',
      totalMinor: 2_350,
    });
    await fx.collect.execute(storeCtx(STORE), { orderId, storeId: STORE });
    return { reservationId, omsOrderId };
  }

  it('consumes the reservation, accrues points on what was paid, and closes the OMS order', async () => {
    const { reservationId, omsOrderId } = await collected('po_complete_ok');
    await fx.completeCollection.execute(jobCtx(), { orderId: 'po_complete_ok' });
    expect(fx.oms.reservations.get(reservationId)!.status).toBe('CONSUMED');
    // 23 whole euros paid, 2 points each.
    expect(fx.loyalty.accruals.get(collectionAccrualReference('po_complete_ok'))).toMatchObject({
      memberId: MEMBER,
      points: 46,
    });
    expect(fx.oms.orders.get(omsOrderId)!.status).toBe('COLLECTED');
    expect((await fx.orders.get('po_complete_ok')).accruedPoints).toBe(46);
    expect((await fx.stepsOf('po_complete_ok')).slice(-2)).toEqual([
      'points-accrued',
      'reservation-consumed',
    ]);
  });

  it('accrues nothing for a guest order', async () => {
    await collected('po_complete_guest', null);
    await fx.completeCollection.execute(jobCtx(), { orderId: 'po_complete_guest' });
    expect(fx.loyalty.accruals.has(collectionAccrualReference('po_complete_guest'))).toBe(false);
    expect((await fx.orders.get('po_complete_guest')).accruedPoints).toBe(0);
  });

  it('completes a second run without accruing twice', async () => {
    await collected('po_complete_twice');
    await fx.completeCollection.execute(jobCtx(), { orderId: 'po_complete_twice' });
    const balance = fx.loyalty.balances.get(MEMBER);
    await fx.completeCollection.execute(jobCtx(), { orderId: 'po_complete_twice' });
    expect(fx.loyalty.balances.get(MEMBER)).toBe(balance);
  });

  it('does not record a released reservation as consumed: the job fails', async () => {
    const { reservationId } = await collected('po_complete_released');
    await fx.oms.releaseReservation(reservationId);
    const failed = await refusalOf(
      fx.completeCollection.execute(jobCtx(), { orderId: 'po_complete_released' }),
    );
    expect(failed).toBeInstanceOf(SystemRefusal);
    expect((failed as SystemRefusal).extensions).toMatchObject({ reservationStatus: 'RELEASED' });
    expect(await fx.stepsOf('po_complete_released')).not.toContain('reservation-consumed');
    expect((await fx.orders.get('po_complete_released')).accruedPoints).toBeNull();
  });
});
