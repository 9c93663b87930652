import { Module } from '@nestjs/common';
import { sharedInstanceTables, WorkflowEngine } from '@omnigate/workflow';
import { PickupOrdersModule } from '../pickup-orders/pickup-orders.module';
import { StoreSalesModule } from '../store-sales/store-sales.module';
import { BookReturnedStock } from './book-returned-stock.usecase';
import { CreateReturn } from './create-return.usecase';
import { EndRequestedReturn } from './end-requested-return.usecase';
import { PickupOrderReceipts } from './pickup-order-receipts';
import { PURCHASE_RECEIPT_SOURCES, type PurchaseReceiptSource } from './purchase-receipt';
import { PurchaseReceipts } from './purchase-receipts';
import { ReceiptLinesRepository } from './receipt-lines.repository';
import { ReceiveReturn } from './receive-return.usecase';
import { ReturnViews } from './return.view';
import { ReturnsController } from './returns.controller';
import { ReturnNotFound } from './returns.errors';
import { SettleReturnPoints } from './settle-return-points.usecase';
import type { StoreReturn } from './store-return';
import { StoreReturnJobs } from './store-return.jobs';
import { StoreSaleReceipts } from './store-sale-receipts';
import { STORE_RETURN_WORKFLOW, STORE_RETURNS } from './store-return.workflow';

/** Returns at the counter (and authorised returns received later): the workflow on the shared tables, its receipts, API and jobs. */
@Module({
  imports: [PickupOrdersModule, StoreSalesModule],
  controllers: [ReturnsController],
  providers: [
    {
      provide: STORE_RETURNS,
      useFactory: (engine: WorkflowEngine) =>
        engine.register(
          STORE_RETURN_WORKFLOW,
          sharedInstanceTables<StoreReturn['state'], StoreReturn['facts']>('return'),
          {
            timeoutsS: {},
            notFound: () => new ReturnNotFound(),
            idOf: (storeReturn) => storeReturn.id,
          },
        ),
      inject: [WorkflowEngine],
    },
    PickupOrderReceipts,
    StoreSaleReceipts,
    {
      provide: PURCHASE_RECEIPT_SOURCES,
      useFactory: (...sources: PurchaseReceiptSource[]) => sources,
      inject: [PickupOrderReceipts, StoreSaleReceipts],
    },
    PurchaseReceipts,
    ReceiptLinesRepository,
    ReturnViews,
    CreateReturn,
    ReceiveReturn,
    EndRequestedReturn,
    BookReturnedStock,
    SettleReturnPoints,
    StoreReturnJobs,
  ],
})
export class ReturnsModule {}
