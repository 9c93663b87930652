import { IllegalTransition } from '@omnigate/workflow';
import { refusalOf, storeCtx } from '../process-orders.fixture';
import { openReturnsFixture, RETURN_STORE, type ReturnsFixture } from './returns.fixture';

describe('EndRequestedReturn', () => {
  let fx: ReturnsFixture;
  beforeAll(async () => {
    fx = await openReturnsFixture();
  });
  afterAll(() => fx.close());

  it.each(['cancel', 'reject'] as const)(
    '%ss a requested return and makes its units returnable again',
    async (move) => {
      const returnId = `ret_end_${move}`;
      const before = await fx.returnedUnits();
      await fx.seed(returnId, { mode: 'RMA' });
      const view = await fx.end.execute(storeCtx(RETURN_STORE), { returnId, storeId: RETURN_STORE, move });
      expect(view.state).toBe(move === 'cancel' ? 'CANCELLED' : 'REJECTED');
      expect(await fx.returnedUnits()).toEqual(
        before.size === 0
          ? new Map([
              [1, 0],
              [2, 0],
            ])
          : before,
      );
      expect(await fx.ledger.listBySource('return', returnId)).toEqual([]);
    },
  );

  it('refuses to cancel a refunded return, and its units stay returned', async () => {
    await fx.seed('ret_end_refunded', { mode: 'RMA' });
    await fx.receive.execute(storeCtx(RETURN_STORE), { returnId: 'ret_end_refunded', storeId: RETURN_STORE });
    const returned = await fx.returnedUnits();
    const refused = await refusalOf(
      fx.end.execute(storeCtx(RETURN_STORE), {
        returnId: 'ret_end_refunded',
        storeId: RETURN_STORE,
        move: 'cancel',
      }),
    );
    expect(refused).toBeInstanceOf(IllegalTransition);
    expect((refused as IllegalTransition).extensions).toEqual({
      currentState: 'REFUNDED',
      requestedState: 'CANCELLED',
    });
    expect(await fx.returnedUnits()).toEqual(returned);
  });
});
