import { Injectable } from '@nestjs/common';
import { ErpCsrfTokens } from '../erp/erp-csrf-tokens';
import { ErpRetailPostings } from '../erp/erp-retail-postings';
import { LoyaltyLedger } from '../loyalty/loyalty-ledger';
import { OmsOrders } from '../oms/oms-orders';
import { OmsReservations } from '../oms/oms-reservations';
import { OmsStockMovements } from '../oms/oms-stock-movements';
import { BackendTraffic } from '../traffic/backend-traffic';
import { RetailerWorld } from '../world/retailer-world';

/** Puts the whole sandbox back to its seeded start: world, backend records, faults, counters and call log. */
@Injectable()
export class SandboxReset {
  constructor(
    private readonly world: RetailerWorld,
    private readonly traffic: BackendTraffic,
    private readonly csrfTokens: ErpCsrfTokens,
    private readonly postings: ErpRetailPostings,
    private readonly ledger: LoyaltyLedger,
    private readonly reservations: OmsReservations,
    private readonly stockMovements: OmsStockMovements,
    private readonly orders: OmsOrders,
  ) {}

  reset(): void {
    this.world.rebuild();
    this.traffic.reset();
    this.csrfTokens.expireAll();
    this.postings.reset();
    this.ledger.reset();
    this.reservations.reset();
    this.orders.reset();
    this.stockMovements.reset();
  }
}
