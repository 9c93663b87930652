import { IllegalTransition, MoveNotAllowed } from '@omnigate/workflow';
import { refusalOf, storeCtx } from '../process-orders.fixture';
import { openReturnsFixture, RETURN_STORE, type ReturnsFixture } from './returns.fixture';

describe('ReceiveReturn', () => {
  let fx: ReturnsFixture;
  beforeAll(async () => {
    fx = await openReturnsFixture();
  });
  afterAll(() => fx.close());

  it('receives and refunds an RMA at its store in one transaction: stock booking, points settling and the credit memo are written with it', async () => {
    await fx.seed('ret_receive_ok', { mode: 'RMA' });
    const view = await fx.receive.execute(storeCtx(RETURN_STORE), {
      returnId: 'ret_receive_ok',
      storeId: RETURN_STORE,
    });
    expect(view.state).toBe('REFUNDED');
    expect(await fx.stepsOf('ret_receive_ok')).toEqual(['received', 'refunded']);
    expect(await fx.jobsOf('ret_receive_ok', 'bookStock')).toBe(1);
    expect(await fx.jobsOf('ret_receive_ok', 'settlePoints')).toBe(1);
    const postings = await fx.ledger.listBySource('return', 'ret_receive_ok');
    expect(postings.map((p) => [p.kind, p.status, p.lines])).toEqual([
      [
        'CREDIT_MEMO',
        'pending',
        [
          { sku: '27023702', quantity: 2, netAmountMinor: 2_000 },
          { sku: '55592108', quantity: 1, netAmountMinor: 1_000 },
        ],
      ],
    ]);
  });

  it('refuses to receive a return twice, with 409 and its current state, and refunds once', async () => {
    await fx.seed('ret_receive_twice', { mode: 'RMA' });
    await fx.receive.execute(storeCtx(RETURN_STORE), {
      returnId: 'ret_receive_twice',
      storeId: RETURN_STORE,
    });
    const again = await refusalOf(
      fx.receive.execute(storeCtx(RETURN_STORE), { returnId: 'ret_receive_twice', storeId: RETURN_STORE }),
    );
    expect(again).toBeInstanceOf(IllegalTransition);
    expect((again as IllegalTransition).extensions).toEqual({
      currentState: 'REFUNDED',
      requestedState: 'RECEIVED',
    });
    expect(await fx.ledger.listBySource('return', 'ret_receive_twice')).toHaveLength(1);
  });

  it("refuses another store's device and changes nothing", async () => {
    await fx.seed('ret_receive_other', { mode: 'RMA' });
    const refused = await refusalOf(
      fx.receive.execute(storeCtx('ST-2'), { returnId: 'ret_receive_other', storeId: 'ST-2' }),
    );
    expect(refused).toBeInstanceOf(MoveNotAllowed);
    expect((await fx.returns.get('ret_receive_other')).state).toBe('REQUESTED');
    expect(await fx.jobsOf('ret_receive_other', 'bookStock')).toBe(0);
  });
});
