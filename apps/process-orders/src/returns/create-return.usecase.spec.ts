import { MoveNotAllowed, WorkNotAdmitted } from '@omnigate/workflow';
import { refusalOf, storeCtx } from '../process-orders.fixture';
import type { PurchaseReceipt } from './purchase-receipt';
import {
  ItemNotReturnable,
  PurchaseStillSettling,
  ReturnQuantityExceeded,
  ReturnWindowClosed,
} from './returns.errors';
import { openReturnsFixture, RETURN_MEMBER, RETURN_STORE, type ReturnsFixture } from './returns.fixture';

describe('CreateReturn', () => {
  let fx: ReturnsFixture;
  beforeAll(async () => {
    fx = await openReturnsFixture();
    fx.pos
      .price(RETURN_STORE, '27023702', 1_000)
      .price(RETURN_STORE, '55592108', 500)
      .price(RETURN_STORE, '99999999', 800, 'USD', false);
  });
  afterAll(() => fx.close());

  /** A card sale of 3 x 27023702 at 10.00 and 1 x 55592108 at 5.00, made a day before the clock's now, under `saleKey`. */
  function sold(saleKey: string, overrides: Partial<PurchaseReceipt> = {}): string {
    fx.saleReceipts.set(saleKey, {
      kind: 'STORE_SALE',
      reference: saleKey,
      storeId: RETURN_STORE,
      purchasedAt: new Date(fx.clock.now().getTime() - 86_400_000).toISOString(),
      currency: 'USD',
      memberId: null,
      lines: [
        { lineNumber: 1, sku: '27023702', quantity: 3, unitPriceMinor: 1_000, promotionDiscountMinor: 0 },
        { lineNumber: 2, sku: '55592108', quantity: 1, unitPriceMinor: 500, promotionDiscountMinor: 0 },
      ],
      orderDiscountMinor: 0,
      tenders: [{ type: 'CARD', amountMinor: 3_500 }],
      accrual: null,
      settling: false,
      ...overrides,
    });
    return saleKey;
  }

  const returnsOf = async (saleKey: string) => fx.returns.store.findBy('receiptKey', `STORE_SALE:${saleKey}`);

  it('takes a counter return and refunds it in one transaction: the credit memo and the follow-up jobs are written with it', async () => {
    const saleKey = sold(`${RETURN_STORE}:REG-01:1`);
    const view = await fx.create.execute(storeCtx(RETURN_STORE), {
      storeId: RETURN_STORE,
      saleKey,
      lines: [{ lineNumber: 1, quantity: 2, disposition: 'RESTOCK' }],
    });
    expect(view.state).toBe('REFUNDED');
    expect(await fx.stepsOf(view.returnId)).toEqual(['requested', 'received', 'refunded']);
    const postings = await fx.ledger.listBySource('return', view.returnId);
    expect(postings.map((p) => [p.kind, p.lines])).toEqual([
      ['CREDIT_MEMO', [{ sku: '27023702', quantity: 2, netAmountMinor: 2_000 }]],
    ]);
    expect(await fx.jobsOf(view.returnId, 'bookStock')).toBe(1);
    expect(await fx.jobsOf(view.returnId, 'settlePoints')).toBe(1);
  });

  it('never refunds a line twice: units already returned are not returnable again, and the refusal writes nothing', async () => {
    const saleKey = sold(`${RETURN_STORE}:REG-01:2`);
    await fx.create.execute(storeCtx(RETURN_STORE), {
      storeId: RETURN_STORE,
      saleKey,
      lines: [{ lineNumber: 1, quantity: 2, disposition: 'RESTOCK' }],
    });
    const refused = await refusalOf(
      fx.create.execute(storeCtx(RETURN_STORE), {
        storeId: RETURN_STORE,
        saleKey,
        lines: [{ lineNumber: 1, quantity: 2, disposition: 'RESTOCK' }],
      }),
    );
    expect(refused).toBeInstanceOf(ReturnQuantityExceeded);
    expect(await returnsOf(saleKey)).toHaveLength(1);
  });

  it('takes nothing for a till that would be gone before the answer: 503 process-overloaded', async () => {
    const saleKey = sold(`${RETURN_STORE}:REG-01:3`);
    const request = {
      storeId: RETURN_STORE,
      saleKey,
      lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' as const }],
    };
    const hurried = { ...storeCtx(RETURN_STORE), deadlineAt: fx.clock.now().getTime() + 299 };
    const refused = await refusalOf(fx.create.execute(hurried, request));
    expect(refused).toBeInstanceOf(WorkNotAdmitted);
    expect(refused).toMatchObject({ kind: 'overloaded' });
    expect(await returnsOf(saleKey)).toHaveLength(0);
    // With the configured 300 ms left it is taken.
    const waited = { ...storeCtx(RETURN_STORE), deadlineAt: fx.clock.now().getTime() + 300 };
    expect((await fx.create.execute(waited, request)).state).toBe('REFUNDED');
  });

  it('keeps an RMA REQUESTED, with nothing booked, refunded or posted yet', async () => {
    const saleKey = sold(`${RETURN_STORE}:REG-01:3`);
    const view = await fx.create.execute(storeCtx(RETURN_STORE), {
      storeId: RETURN_STORE,
      saleKey,
      mode: 'RMA',
      lines: [{ lineNumber: 2, quantity: 1, disposition: 'DAMAGED' }],
    });
    expect(view.state).toBe('REQUESTED');
    expect(await fx.jobsOf(view.returnId, 'bookStock')).toBe(0);
    expect(await fx.ledger.listBySource('return', view.returnId)).toEqual([]);
  });

  it("refuses a purchase past its return window by the clock's now", async () => {
    const saleKey = sold(`${RETURN_STORE}:REG-01:4`, {
      purchasedAt: new Date(
        fx.clock.now().getTime() - fx.config.RETURN_WINDOW_STORE_SALE_S * 1000 - 1_000,
      ).toISOString(),
    });
    const refused = await refusalOf(
      fx.create.execute(storeCtx(RETURN_STORE), {
        storeId: RETURN_STORE,
        saleKey,
        lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
      }),
    );
    expect(refused).toBeInstanceOf(ReturnWindowClosed);
    expect(await returnsOf(saleKey)).toEqual([]);
  });

  it('refuses a final-sale item, and a member purchase whose points are not booked yet', async () => {
    const finalSale = sold(`${RETURN_STORE}:REG-01:5`, {
      lines: [
        { lineNumber: 1, sku: '99999999', quantity: 1, unitPriceMinor: 800, promotionDiscountMinor: 0 },
      ],
      tenders: [{ type: 'CARD', amountMinor: 800 }],
    });
    expect(
      await refusalOf(
        fx.create.execute(storeCtx(RETURN_STORE), {
          storeId: RETURN_STORE,
          saleKey: finalSale,
          lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
        }),
      ),
    ).toBeInstanceOf(ItemNotReturnable);
    const settling = sold(`${RETURN_STORE}:REG-01:6`, { memberId: RETURN_MEMBER, settling: true });
    expect(
      await refusalOf(
        fx.create.execute(storeCtx(RETURN_STORE), {
          storeId: RETURN_STORE,
          saleKey: settling,
          lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
        }),
      ),
    ).toBeInstanceOf(PurchaseStillSettling);
    expect([...(await returnsOf(finalSale)), ...(await returnsOf(settling))]).toEqual([]);
  });

  it('refuses a device of another store taking the return for this one', async () => {
    const saleKey = sold(`${RETURN_STORE}:REG-01:7`);
    const refused = await refusalOf(
      fx.create.execute(storeCtx('ST-2'), {
        storeId: RETURN_STORE,
        saleKey,
        lines: [{ lineNumber: 1, quantity: 1, disposition: 'RESTOCK' }],
      }),
    );
    expect(refused).toBeInstanceOf(MoveNotAllowed);
    expect(await returnsOf(saleKey)).toEqual([]);
  });
});
