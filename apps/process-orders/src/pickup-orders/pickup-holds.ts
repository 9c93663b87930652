import { Injectable } from '@nestjs/common';
import { LoyaltyApi, OmsApi } from '@omnigate/system-clients';
import { settle } from '@omnigate/workflow';
import type { PickupOrder } from './pickup-order';
import { reservationAlreadyReleased } from './backend-answers';

/** Gives back what an order holds at the backends: shared by the release after an order ends and by placement recovery. */
@Injectable()
export class PickupHolds {
  constructor(
    private readonly oms: OmsApi,
    private readonly loyalty: LoyaltyApi,
  ) {}

  /** Releases the points hold, then the stock reservation (the reverse of taking them); the loyalty platform answers a repeated cancel as done. */
  async release(order: Pick<PickupOrder, 'reservationId' | 'redemptionId'>): Promise<void> {
    if (order.redemptionId) await this.loyalty.cancelRedemption(order.redemptionId);
    if (order.reservationId)
      await settle(() => this.oms.releaseReservation(order.reservationId!), reservationAlreadyReleased);
  }
}
