import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AccrueSalePoints } from './accrue-sale-points.usecase';
import { CaptureSaleRedemption } from './capture-sale-redemption.usecase';
import { CloseSalesJournal } from './close-sales-journal.usecase';
import { SALES_JOURNALS, type SalesJournals } from './sales-journal.workflow';
import { STORE_SALES, type StoreSales } from './store-sale.workflow';

/** Binds the jobs of store sales and of their daily journals to their use cases. */
@Injectable()
export class StoreSaleJobs implements OnModuleInit {
  constructor(
    @Inject(STORE_SALES) private readonly sales: StoreSales,
    @Inject(SALES_JOURNALS) private readonly journals: SalesJournals,
    private readonly accruePoints: AccrueSalePoints,
    private readonly captureRedemption: CaptureSaleRedemption,
    private readonly closeJournal: CloseSalesJournal,
  ) {}

  onModuleInit(): void {
    this.sales.handle({
      accruePoints: (ctx, saleId) => this.accruePoints.execute(ctx, { saleId }),
      captureRedemption: (ctx, saleId) => this.captureRedemption.execute(ctx, { saleId }),
    });
    this.journals.handle({ close: (ctx, journalId) => this.closeJournal.execute(ctx, { journalId }) });
  }
}
