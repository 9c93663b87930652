import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { BookReturnedStock } from './book-returned-stock.usecase';
import { SettleReturnPoints } from './settle-return-points.usecase';
import { STORE_RETURNS, type StoreReturns } from './store-return.workflow';

/** Binds each job of the return workflow to its use case. */
@Injectable()
export class StoreReturnJobs implements OnModuleInit {
  constructor(
    @Inject(STORE_RETURNS) private readonly returns: StoreReturns,
    private readonly bookStock: BookReturnedStock,
    private readonly settlePoints: SettleReturnPoints,
  ) {}

  onModuleInit(): void {
    this.returns.handle({
      bookStock: (ctx, returnId) => this.bookStock.execute(ctx, { returnId }),
      settlePoints: (ctx, returnId) => this.settlePoints.execute(ctx, { returnId }),
    });
  }
}
