import { UpstreamError } from '@omnigate/problems';
import { jobCtx, refusalOf } from '../process-orders.fixture';
import { MEMBER, openPickupOrdersFixture, STORE, type PickupOrdersFixture } from './pickup-orders.fixture';

describe('RecoverInterruptedPlacement', () => {
  let fx: PickupOrdersFixture;
  beforeAll(async () => {
    fx = await openPickupOrdersFixture();
  });
  afterAll(() => fx.close());

  it('releases what the interrupted placement took under its references and cancels the order', async () => {
    await fx.seed('po_recover_taken', 'PLACED', { pointsRedeemed: 70 });
    // What the first attempt did before the process died: the reservation and the points hold.
    const { reservationId } = await fx.oms.reserve({
      reservationRef: 'po_recover_taken',
      storeId: STORE,
      expiresAt: '2026-12-31T00:00:00.000Z',
      lines: [{ sku: 'SKU-A', quantity: 2 }],
    });
    await fx.loyalty.redeem(MEMBER, 'hold-po_recover_taken', 70);

    await fx.recoverPlacement.execute(jobCtx(), { orderId: 'po_recover_taken' });

    expect(fx.oms.reservations.get(reservationId)!.status).toBe('RELEASED');
    expect(fx.oms.reservations.size).toBe(1);
    expect(fx.loyalty.heldUnder('hold-po_recover_taken')).toBe(0);
    expect((await fx.orders.get('po_recover_taken')).state).toBe('CANCELLED');
    expect(await fx.stepsOf('po_recover_taken')).toEqual(['placement-interrupted']);
  });

  it('leaves nothing held when the placement took nothing', async () => {
    await fx.seed('po_recover_nothing', 'PLACED');
    await fx.recoverPlacement.execute(jobCtx(), { orderId: 'po_recover_nothing' });
    expect(fx.oms.reservationByRef('po_recover_nothing')!.status).toBe('RELEASED');
    expect((await fx.orders.get('po_recover_nothing')).state).toBe('CANCELLED');
  });

  it('leaves an order whose placement finished as it is', async () => {
    await fx.seed('po_recover_reserved', 'RESERVED');
    const calls = fx.oms.calls.length;
    await fx.recoverPlacement.execute(jobCtx(), { orderId: 'po_recover_reserved' });
    expect(fx.oms.calls.length).toBe(calls);
    expect((await fx.orders.get('po_recover_reserved')).state).toBe('RESERVED');
  });

  it('keeps the order PLACED for a retry when a backend cannot be reached', async () => {
    await fx.seed('po_recover_down', 'PLACED');
    fx.oms.failNext('reserve', new UpstreamError('oms', 'reserve stock', 'unavailable', 'down'));
    const failed = await refusalOf(fx.recoverPlacement.execute(jobCtx(), { orderId: 'po_recover_down' }));
    expect(failed).toBeInstanceOf(UpstreamError);
    expect((await fx.orders.get('po_recover_down')).state).toBe('PLACED');
  });
});
