import { Injectable } from '@nestjs/common';
import { OmsApi } from '@omnigate/system-clients';
import { settle } from '@omnigate/workflow';
import { PointsHolds } from '../points-holds/points-holds';
import type { PickupOrder } from './pickup-order';
import { reservationAlreadyReleased } from './backend-answers';

/** The loyalty platform's reference of an order's points hold (a redemption, cancelled to release it). */
export const pickupHoldReference = (orderId: string) => `hold-${orderId}`;

/** Gives back what an order holds at the backends: shared by the release after an order ends and by placement recovery. */
@Injectable()
export class PickupHolds {
  constructor(
    private readonly oms: OmsApi,
    private readonly pointsHolds: PointsHolds,
  ) {}

  /** Releases the points hold, then the stock reservation (the reverse of taking them); a hold already released answers as done. */
  async release(order: Pick<PickupOrder, 'reservationId' | 'redemptionId'>): Promise<void> {
    if (order.redemptionId) await this.pointsHolds.release(order.redemptionId);
    if (order.reservationId)
      await settle(() => this.oms.releaseReservation(order.reservationId!), reservationAlreadyReleased);
  }
}
