import type { StoreSaleDto } from '@omnigate/contracts';
import { IdempotentResources } from '@omnigate/idempotency';
import { FakeLoyaltyApi } from '@omnigate/system-clients/testing';
import { sharedInstanceTables } from '@omnigate/workflow';
import {
  openProcessOrdersFixture,
  processOrdersConfig,
  type ProcessOrdersFixture,
} from '../process-orders.fixture';
import type { ProcessOrdersConfig } from '../process-orders.config';
import { AcceptStoreSale } from './accept-store-sale.usecase';
import { CaptureTillRedemption } from '../till-redemptions/capture-till-redemption.usecase';
import { SettleTillRedemption } from '../till-redemptions/settle-till-redemption';
import type { TillRedemption } from '../till-redemptions/till-redemption';
import { TillRedemptionExpiry } from '../till-redemptions/till-redemption-expiry';
import { TillRedemptionViews } from '../till-redemptions/till-redemption.view';
import { TILL_REDEMPTION_WORKFLOW, type TillRedemptions } from '../till-redemptions/till-redemption.workflow';
import { TillRedemptionNotFound } from '../till-redemptions/till-redemptions.errors';
import { AccrueSalePoints } from './accrue-sale-points.usecase';
import { CaptureSaleRedemption } from './capture-sale-redemption.usecase';
import { CloseSalesJournal } from './close-sales-journal.usecase';
import { RecordStoreSales } from './record-store-sales.usecase';
import { SalesJournalBook } from './sales-journal-book';
import { SALES_JOURNAL_WORKFLOW, type SalesJournals } from './sales-journal.workflow';
import type { SalesJournalFacts, SalesJournalState, StoreSaleFacts, StoreSaleState } from './store-sale';
import { STORE_SALE_WORKFLOW, type StoreSales } from './store-sale.workflow';
import { SalesJournalNotFound, StoreSaleNotFound } from './store-sales.errors';
import { StoreSalesRepository } from './store-sales.repository';

export const SALES_STORE = 'ST-6930';
export const SALES_MEMBER = '6042685219730';

/** Store sales for unit specs: both workflows (and till redemptions, which sales capture) on an in-memory engine, the use cases on them, loyalty as a fake. */
export interface StoreSalesFixture extends ProcessOrdersFixture {
  sales: StoreSales;
  journals: SalesJournals;
  redemptions: TillRedemptions;
  loyalty: FakeLoyaltyApi;
  repository: StoreSalesRepository;
  accept: AcceptStoreSale;
  record: RecordStoreSales;
  accruePoints: AccrueSalePoints;
  closeJournal: CloseSalesJournal;
  captureRedemption: CaptureSaleRedemption;
  /** The steps of a sale's timeline, in order. */
  stepsOf(saleId: string): Promise<string[]>;
  postingsOf(sourceType: string, id: string): Promise<{ kind: string; status: string; lines: unknown[] }[]>;
}

export async function openStoreSalesFixture(
  overrides: Partial<ProcessOrdersConfig> = {},
): Promise<StoreSalesFixture> {
  const config = processOrdersConfig(overrides);
  const base = await openProcessOrdersFixture(
    [STORE_SALE_WORKFLOW, SALES_JOURNAL_WORKFLOW, TILL_REDEMPTION_WORKFLOW],
    config,
  );
  const { db, engine, clock, ledger } = base;
  const sales = engine.register(
    STORE_SALE_WORKFLOW,
    sharedInstanceTables<StoreSaleState, StoreSaleFacts>(STORE_SALE_WORKFLOW.name),
    {
      timeoutsS: {},
      notFound: () => new StoreSaleNotFound(),
      idOf: (sale) => sale.id,
    },
  );
  const journals = engine.register(
    SALES_JOURNAL_WORKFLOW,
    sharedInstanceTables<SalesJournalState, SalesJournalFacts>(SALES_JOURNAL_WORKFLOW.name),
    {
      timeoutsS: {},
      notFound: () => new SalesJournalNotFound(),
      idOf: (journal) => journal.id,
    },
  );
  const redemptions = engine.register(
    TILL_REDEMPTION_WORKFLOW,
    sharedInstanceTables<TillRedemption['state'], TillRedemption['facts']>(TILL_REDEMPTION_WORKFLOW.name),
    {
      timeoutsS: {
        holdExpiry: config.TILL_REDEMPTION_HOLD_S,
        authorizationRecovery: config.PLACEMENT_RECOVERY_S,
      },
      notFound: () => new TillRedemptionNotFound(),
      idOf: (redemption) => redemption.id,
    },
  );
  const settle = new SettleTillRedemption(
    db,
    redemptions,
    new TillRedemptionExpiry(redemptions, clock),
    new TillRedemptionViews(redemptions, ledger, new IdempotentResources()),
  );
  const loyalty = new FakeLoyaltyApi().member(SALES_MEMBER, 0);
  const repository = new StoreSalesRepository(db);
  const accept = new AcceptStoreSale(
    db,
    sales,
    repository,
    new SalesJournalBook(journals, repository, clock, config),
    clock,
    config,
  );
  return {
    ...base,
    sales,
    journals,
    redemptions,
    loyalty,
    repository,
    accept,
    record: new RecordStoreSales(accept),
    accruePoints: new AccrueSalePoints(db, sales, loyalty.asApi(), config),
    closeJournal: new CloseSalesJournal(db, journals, sales, repository),
    captureRedemption: new CaptureSaleRedemption(
      db,
      sales,
      redemptions,
      new CaptureTillRedemption(settle, clock),
      clock,
    ),
    stepsOf: async (id) => (await sales.timeline(id)).map((e) => e.step),
    postingsOf: async (sourceType, id) =>
      (await ledger.listBySource(sourceType, id)).map(({ kind, status, lines }) => ({ kind, status, lines })),
  };
}

/** A sale of two lines paid by card (19.01), at register REG-01 with sequence `sequence`. */
export const storeSale = (sequence: number, overrides: Partial<StoreSaleDto> = {}): StoreSaleDto => ({
  storeId: SALES_STORE,
  registerId: 'REG-01',
  sequence,
  businessDate: '2026-11-30',
  occurredAt: '2026-11-30T09:30:00.000Z',
  currency: 'USD',
  lines: [
    {
      lineNumber: 1,
      sku: '27023702',
      quantity: 2,
      unitPriceMinor: 1000,
      promotions: [{ promotionId: 'P1', discountMinor: 300 }],
    },
    { lineNumber: 2, sku: '55592108', quantity: 1, unitPriceMinor: 301 },
  ],
  orderDiscountMinor: 100,
  tenders: [{ type: 'CARD', amountMinor: 1901 }],
  ...overrides,
});

/** A batch as the tills send it (records, checked sale by sale). */
export const saleBatch = (...sales: StoreSaleDto[]) => ({
  sales: sales as unknown as Record<string, unknown>[],
});
