import { Module } from '@nestjs/common';
import { ReconcileStoreDay } from './reconcile-store-day.usecase';
import { ReconciledDayRepository } from './reconciled-day.repository';
import { ReconciliationController } from './reconciliation.controller';
import { ReconciliationJobs } from './reconciliation.jobs';
import { ReconciliationReportsRepository } from './reconciliation-reports.repository';

/** Reconciliation of a store's day: our flows against the ERP's documents and the loyalty ledger, on demand and daily. */
@Module({
  controllers: [ReconciliationController],
  providers: [
    ReconciledDayRepository,
    ReconciliationReportsRepository,
    ReconcileStoreDay,
    ReconciliationJobs,
  ],
})
export class ReconciliationModule {}
