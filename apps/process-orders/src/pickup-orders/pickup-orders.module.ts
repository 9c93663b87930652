import { Module } from '@nestjs/common';
import { EndPickupOrder } from './end-pickup-order.usecase';
import { FulfilPickupOrder } from './fulfil-pickup-order.usecase';
import { PickupOrderOwnerGuard, PickupOrderStoreGuard } from './pickup-order-access.guards';
import { PickupOrderJobs } from './pickup-order.jobs';
import { PickupOrderViews } from './pickup-order.view';
import { PickupOrdersController } from './pickup-orders.controller';
import { PickupOrdersRepository } from './pickup-orders.repository';
import { PlacePickupOrder } from './place-pickup-order.usecase';
import { PointsHoldsController } from './points-holds.controller';
import { RecoverInterruptedPlacement } from './recover-interrupted-placement.usecase';
import { SettlePickupHolds } from './settle-pickup-holds.usecase';
import { StorePickupActions } from './store-pickup-actions.usecase';

/** Buy online, pick up in store: the workflow, its API and its jobs. */
@Module({
  controllers: [PickupOrdersController, PointsHoldsController],
  providers: [
    PickupOrdersRepository,
    PickupOrderOwnerGuard,
    PickupOrderStoreGuard,
    PickupOrderViews,
    PlacePickupOrder,
    StorePickupActions,
    EndPickupOrder,
    FulfilPickupOrder,
    SettlePickupHolds,
    RecoverInterruptedPlacement,
    PickupOrderJobs,
  ],
})
export class PickupOrdersModule {}
