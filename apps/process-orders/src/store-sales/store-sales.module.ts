import { Module } from '@nestjs/common';
import { sharedInstanceTables, WorkflowEngine } from '@omnigate/workflow';
import { AcceptStoreSale } from './accept-store-sale.usecase';
import { TillRedemptionsModule } from '../till-redemptions/till-redemptions.module';
import { AccrueSalePoints } from './accrue-sale-points.usecase';
import { CaptureSaleRedemption } from './capture-sale-redemption.usecase';
import { CloseSalesJournal } from './close-sales-journal.usecase';
import { RecordStoreSales } from './record-store-sales.usecase';
import { SalesJournalBook } from './sales-journal-book';
import { SALES_JOURNAL_WORKFLOW, SALES_JOURNALS } from './sales-journal.workflow';
import type { SalesJournalFacts, SalesJournalState, StoreSaleFacts, StoreSaleState } from './store-sale';
import { StoreSaleJobs } from './store-sale.jobs';
import { StoreSaleViews } from './store-sale.view';
import { STORE_SALE_WORKFLOW, STORE_SALES } from './store-sale.workflow';
import { StoreSalesController } from './store-sales.controller';
import { SalesJournalNotFound, StoreSaleNotFound } from './store-sales.errors';
import { StoreSalesRepository } from './store-sales.repository';

/** Sales rung up at the tills: accepted once per key, posted to the ERP one by one or in daily journals, points accrued. */
@Module({
  imports: [TillRedemptionsModule],
  controllers: [StoreSalesController],
  providers: [
    {
      provide: STORE_SALES,
      useFactory: (engine: WorkflowEngine) =>
        engine.register(
          STORE_SALE_WORKFLOW,
          sharedInstanceTables<StoreSaleState, StoreSaleFacts>(STORE_SALE_WORKFLOW.name),
          {
            timeoutsS: {},
            notFound: () => new StoreSaleNotFound(),
            idOf: (sale) => sale.id,
          },
        ),
      inject: [WorkflowEngine],
    },
    {
      provide: SALES_JOURNALS,
      useFactory: (engine: WorkflowEngine) =>
        engine.register(
          SALES_JOURNAL_WORKFLOW,
          sharedInstanceTables<SalesJournalState, SalesJournalFacts>(SALES_JOURNAL_WORKFLOW.name),
          {
            timeoutsS: {},
            notFound: () => new SalesJournalNotFound(),
            idOf: (journal) => journal.id,
          },
        ),
      inject: [WorkflowEngine],
    },
    StoreSalesRepository,
    SalesJournalBook,
    AcceptStoreSale,
    RecordStoreSales,
    AccrueSalePoints,
    CaptureSaleRedemption,
    CloseSalesJournal,
    StoreSaleViews,
    StoreSaleJobs,
  ],
  exports: [STORE_SALES],
})
export class StoreSalesModule {}
