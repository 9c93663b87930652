import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CompleteCollection } from './complete-collection.usecase';
import { CreatePickupOrderInOms } from './create-pickup-order-in-oms.usecase';
import { ExpirePickupOrder } from './expire-pickup-order.usecase';
import { PICKUP_ORDERS, type PickupOrders } from './pickup-order.workflow';
import { RecoverInterruptedPlacement } from './recover-interrupted-placement.usecase';
import { ReleasePickupHolds } from './release-pickup-holds.usecase';
import { SendPickList } from './send-pick-list.usecase';

/** Binds each job of the pickup order workflow to its use case; the engine runs the queues with the configured retry policy. */
@Injectable()
export class PickupOrderJobs implements OnModuleInit {
  constructor(
    @Inject(PICKUP_ORDERS) private readonly orders: PickupOrders,
    private readonly createInOms: CreatePickupOrderInOms,
    private readonly sendPickList: SendPickList,
    private readonly expire: ExpirePickupOrder,
    private readonly releaseHolds: ReleasePickupHolds,
    private readonly completeCollection: CompleteCollection,
    private readonly recoverPlacement: RecoverInterruptedPlacement,
  ) {}

  onModuleInit(): void {
    this.orders.handle({
      createInOms: (ctx, orderId) => this.createInOms.execute(ctx, { orderId }),
      sendPickList: (ctx, orderId) => this.sendPickList.execute(ctx, { orderId }),
      expire: (ctx, orderId) => this.expire.execute(ctx, { orderId }),
      releaseHolds: (ctx, orderId) => this.releaseHolds.execute(ctx, { orderId }),
      completeCollection: (ctx, orderId) => this.completeCollection.execute(ctx, { orderId }),
      recoverPlacement: (ctx, orderId) => this.recoverPlacement.execute(ctx, { orderId }),
    });
  }
}
