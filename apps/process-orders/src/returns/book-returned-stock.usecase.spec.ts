import { jobCtx } from '../process-orders.fixture';
import { openReturnsFixture, RETURN_STORE, type ReturnsFixture } from './returns.fixture';

describe('BookReturnedStock', () => {
  let fx: ReturnsFixture;
  beforeAll(async () => {
    fx = await openReturnsFixture();
  });
  afterAll(() => fx.close());

  it('books one stock movement per disposition, none for missing goods, and records them', async () => {
    await fx.seed('ret_book_ok', {
      lines: [
        { lineNumber: 1, sku: '27023702', quantity: 2, refundMinor: 2_000, disposition: 'RESTOCK' },
        { lineNumber: 2, sku: '55592108', quantity: 1, refundMinor: 1_000, disposition: 'DAMAGED' },
        { lineNumber: 3, sku: '11111111', quantity: 1, refundMinor: 500, disposition: 'MISSING' },
      ],
    });
    await fx.bookStock.execute(jobCtx(), { returnId: 'ret_book_ok' });
    const movements = [...fx.oms.movements.values()].filter((m) => m.movementRef.startsWith('ret_book_ok'));
    expect(movements.map(({ reason, storeId, lines }) => ({ reason, storeId, lines }))).toEqual([
      { reason: 'RETURN_TO_STOCK', storeId: RETURN_STORE, lines: [{ sku: '27023702', quantity: 2 }] },
      { reason: 'RETURN_DAMAGED', storeId: RETURN_STORE, lines: [{ sku: '55592108', quantity: 1 }] },
    ]);
    expect((await fx.returns.get('ret_book_ok')).facts.stockMovementIds).toEqual(
      movements.map((m) => m.movementId),
    );
    expect(await fx.stepsOf('ret_book_ok')).toEqual(['stock-booked', 'stock-booked', 'goods-missing']);
  });

  it('books nothing twice when the job runs again', async () => {
    await fx.seed('ret_book_twice');
    await fx.bookStock.execute(jobCtx(), { returnId: 'ret_book_twice' });
    const booked = fx.oms.movements.size;
    await fx.bookStock.execute(jobCtx(), { returnId: 'ret_book_twice' });
    expect(fx.oms.movements.size).toBe(booked);
    expect((await fx.stepsOf('ret_book_twice')).filter((s) => s === 'stock-booked')).toHaveLength(2);
  });
});
