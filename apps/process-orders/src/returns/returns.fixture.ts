import { IdempotentResources } from '@omnigate/idempotency';
import { FakeLoyaltyApi, FakeOmsApi, FakePosApi } from '@omnigate/system-clients/testing';
import { sharedInstanceTables } from '@omnigate/workflow';
import { openProcessOrdersFixture, type ProcessOrdersFixture } from '../process-orders.fixture';
import { BookReturnedStock } from './book-returned-stock.usecase';
import { CreateReturn } from './create-return.usecase';
import { EndRequestedReturn } from './end-requested-return.usecase';
import { ReceiptLinesRepository } from './receipt-lines.repository';
import { ReceiveReturn } from './receive-return.usecase';
import { ReturnViews } from './return.view';
import { ReturnNotFound } from './returns.errors';
import { SettleReturnPoints } from './settle-return-points.usecase';
import type { PurchaseReceipt, ReceiptLine } from './purchase-receipt';
import { PurchaseReceipts } from './purchase-receipts';
import type { StoreReturn } from './store-return';
import { STORE_RETURN_WORKFLOW, type StoreReturns } from './store-return.workflow';

export const RETURN_STORE = 'ST-6930';
export const RETURN_MEMBER = '6042685219730';
export const RECEIPT_KEY = 'store-sale:ST-6930:REG-01:7';

/** The lines of the receipt the seeded returns refer to: enough units of each were sold for every seeded return. */
const SOLD: ReceiptLine[] = [
  { lineNumber: 1, sku: '27023702', quantity: 100, unitPriceMinor: 1_000, promotionDiscountMinor: 0 },
  { lineNumber: 2, sku: '55592108', quantity: 100, unitPriceMinor: 1_000, promotionDiscountMinor: 0 },
];

/**
 * Returns for unit specs, from REQUESTED on: the workflow on an in-memory engine, the use cases
 * after creation, and the OMS and loyalty platform as fakes. `seed` writes a return as creation
 * leaves it: two lines of receipt {@link RECEIPT_KEY} (restocked and damaged), 30.00 refunded.
 */
export interface ReturnsFixture extends ProcessOrdersFixture {
  returns: StoreReturns;
  oms: FakeOmsApi;
  loyalty: FakeLoyaltyApi;
  pos: FakePosApi;
  /** The store sales a return may refer to, by sale key (what the store sales workflow would answer). */
  saleReceipts: Map<string, PurchaseReceipt>;
  receiptLines: ReceiptLinesRepository;
  create: CreateReturn;
  receive: ReceiveReturn;
  end: EndRequestedReturn;
  bookStock: BookReturnedStock;
  settlePoints: SettleReturnPoints;
  seed(returnId: string, facts?: Partial<StoreReturn['facts']>): Promise<StoreReturn>;
  stepsOf(returnId: string): Promise<string[]>;
  jobsOf(returnId: string, job: keyof typeof STORE_RETURN_WORKFLOW.jobs): Promise<number>;
  /** Units of each line of {@link RECEIPT_KEY} returned so far. */
  returnedUnits(): Promise<Map<number, number>>;
}

export async function openReturnsFixture(): Promise<ReturnsFixture> {
  const base = await openProcessOrdersFixture([STORE_RETURN_WORKFLOW]);
  const { db, engine, clock, ledger } = base;
  const returns = engine.register(
    STORE_RETURN_WORKFLOW,
    sharedInstanceTables<StoreReturn['state'], StoreReturn['facts']>(STORE_RETURN_WORKFLOW.name),
    {
      timeoutsS: {},
      notFound: () => new ReturnNotFound(),
      idOf: (ret) => ret.id,
    },
  );
  const oms = new FakeOmsApi();
  const loyalty = new FakeLoyaltyApi().member(RETURN_MEMBER, 100);
  const pos = new FakePosApi();
  const saleReceipts = new Map<string, PurchaseReceipt>();
  const receipts = new PurchaseReceipts([
    { kind: 'STORE_SALE', find: async (saleKey) => saleReceipts.get(saleKey) },
  ]);
  const receiptLines = new ReceiptLinesRepository();
  const views = new ReturnViews(returns, ledger, new IdempotentResources());
  return {
    ...base,
    returns,
    oms,
    loyalty,
    pos,
    saleReceipts,
    receiptLines,
    create: new CreateReturn(db, returns, receipts, receiptLines, views, pos.asApi(), clock, base.config),
    receive: new ReceiveReturn(db, returns, views),
    end: new EndRequestedReturn(db, returns, receiptLines, views),
    bookStock: new BookReturnedStock(db, returns, oms.asApi()),
    settlePoints: new SettleReturnPoints(db, returns, loyalty.asApi()),
    seed: async (returnId, facts = {}) => {
      const storeReturn: StoreReturn = {
        id: returnId,
        state: 'REQUESTED',
        keys: { storeId: RETURN_STORE, receiptKey: RECEIPT_KEY },
        facts: {
          mode: 'COUNTER',
          registerId: 'REG-01',
          clientAppId: 'pos-app',
          receipt: {
            kind: 'STORE_SALE',
            reference: 'ST-6930:REG-01:7',
            storeId: RETURN_STORE,
            purchasedAt: '2026-11-29T09:30:00.000Z',
          },
          currency: 'USD',
          memberId: null,
          lines: [
            { lineNumber: 1, sku: '27023702', quantity: 2, refundMinor: 2_000, disposition: 'RESTOCK' },
            { lineNumber: 2, sku: '55592108', quantity: 1, refundMinor: 1_000, disposition: 'DAMAGED' },
          ],
          refundMinor: 3_000,
          tenders: [{ type: 'CARD', amountMinor: 3_000 }],
          pointsRefunded: 0,
          pointsReversed: 0,
          accrualReference: null,
          ...facts,
        },
        createdAt: clock.now().toISOString(),
        version: 1,
      };
      await db.transaction(async (tx) => {
        await returns.store.insert(tx, storeReturn);
        // Creation counts the units as returned on the receipt in the same transaction.
        await receiptLines.lock(tx, RECEIPT_KEY, SOLD);
        await receiptLines.add(
          tx,
          RECEIPT_KEY,
          (storeReturn.facts.lines ?? []).map((l) => ({ lineNumber: l.lineNumber, quantity: l.quantity })),
        );
      });
      return returns.get(returnId);
    },
    stepsOf: async (returnId) => (await returns.timeline(returnId)).map((e) => e.step),
    jobsOf: (returnId, job) => base.queued(STORE_RETURN_WORKFLOW.jobs[job].queue, { returnId }),
    returnedUnits: () => db.transaction((tx) => receiptLines.lock(tx, RECEIPT_KEY, [])),
  };
}
