import { Module } from '@nestjs/common';
import { SandboxAdminController } from './admin/sandbox-admin.controller';
import { SandboxReset } from './admin/sandbox-reset';
import { ErpController } from './erp/erp.controller';
import { ErpCsrfInterceptor } from './erp/erp-csrf.interceptor';
import { ErpCsrfTokens } from './erp/erp-csrf-tokens';
import { ErpProducts } from './erp/erp-products';
import { ErpRetailPostings } from './erp/erp-retail-postings';
import { ErpStock } from './erp/erp-stock';
import { LoyaltyController } from './loyalty/loyalty.controller';
import { LoyaltyLedger } from './loyalty/loyalty-ledger';
import { OmsController } from './oms/oms.controller';
import { OmsOrders } from './oms/oms-orders';
import { OmsReservations } from './oms/oms-reservations';
import { OmsStockMovements } from './oms/oms-stock-movements';
import { PosController } from './pos/pos.controller';
import { PosBackOffice } from './pos/pos-back-office';
import { SandboxClock } from './sandbox-clock';
import { BackendTraffic } from './traffic/backend-traffic';
import { BackendTrafficInterceptor } from './traffic/backend-traffic.interceptor';
import { VendorHttpErrorFilter } from './vendor-http-error.filter';
import { RetailerWorld } from './world/retailer-world';

/**
 * Four simulated retail backends (ERP, loyalty SaaS, OMS/WMS, POS back office) over one shared
 * seeded retailer world, with run-time faults, quotas, counters and a call log under `/_admin`.
 */
@Module({
  controllers: [ErpController, LoyaltyController, OmsController, PosController, SandboxAdminController],
  providers: [
    SandboxClock,
    RetailerWorld,
    BackendTraffic,
    BackendTrafficInterceptor,
    VendorHttpErrorFilter,
    ErpCsrfTokens,
    ErpCsrfInterceptor,
    ErpProducts,
    ErpStock,
    ErpRetailPostings,
    LoyaltyLedger,
    OmsReservations,
    OmsStockMovements,
    OmsOrders,
    PosBackOffice,
    SandboxReset,
  ],
})
export class SandboxModule {}
