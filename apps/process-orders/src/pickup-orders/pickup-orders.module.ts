import { Module } from '@nestjs/common';
import { WorkflowEngine } from '@omnigate/workflow';
import { PointsHoldsModule } from '../points-holds/points-holds.module';
import { ProcessOrdersConfig } from '../process-orders.config';
import { CancelPickupOrder } from './cancel-pickup-order.usecase';
import { CollectPickupOrder } from './collect-pickup-order.usecase';
import { CompleteCollection } from './complete-collection.usecase';
import { CreatePickupOrderInOms } from './create-pickup-order-in-oms.usecase';
import { ExpirePickupOrder } from './expire-pickup-order.usecase';
import { ListPointsHolds } from './list-points-holds.usecase';
import { MarkPickupOrderReady } from './mark-pickup-order-ready.usecase';
import { PickupHolds } from './pickup-holds';
import { PickupOrderOwnerGuard, PickupOrderStoreGuard } from './pickup-order-access.guards';
import { PickupOrderJobs } from './pickup-order.jobs';
import { PICKUP_ORDER_TABLES } from './pickup-order.tables';
import { PickupOrderViews } from './pickup-order.view';
import { PICKUP_ORDER_WORKFLOW, PICKUP_ORDERS } from './pickup-order.workflow';
import { PickupOrdersController } from './pickup-orders.controller';
import { PickupOrderNotFound } from './pickup-orders.errors';
import { PlacementAdmission } from './placement-admission';
import { PlacePickupOrder } from './place-pickup-order.usecase';
import { PointsHoldsController } from './points-holds.controller';
import { RecoverInterruptedPlacement } from './recover-interrupted-placement.usecase';
import { ReleasePickupHolds } from './release-pickup-holds.usecase';
import { SendPickList } from './send-pick-list.usecase';

/** Buy online, pick up in store: the workflow registered on the engine, its API, its use cases and their jobs. */
@Module({
  imports: [PointsHoldsModule],
  controllers: [PickupOrdersController, PointsHoldsController],
  providers: [
    {
      provide: PICKUP_ORDERS,
      useFactory: (engine: WorkflowEngine, config: ProcessOrdersConfig) =>
        engine.register(PICKUP_ORDER_WORKFLOW, PICKUP_ORDER_TABLES, {
          timeoutsS: { pickupWindow: config.PICKUP_WINDOW_S, placementRecovery: config.PLACEMENT_RECOVERY_S },
          notFound: () => new PickupOrderNotFound(),
          idOf: (order) => order.orderId,
        }),
      inject: [WorkflowEngine, ProcessOrdersConfig],
    },
    PickupOrderOwnerGuard,
    PickupOrderStoreGuard,
    PlacementAdmission,
    PickupOrderViews,
    PickupHolds,
    PlacePickupOrder,
    MarkPickupOrderReady,
    CollectPickupOrder,
    CancelPickupOrder,
    ExpirePickupOrder,
    CreatePickupOrderInOms,
    SendPickList,
    ReleasePickupHolds,
    CompleteCollection,
    RecoverInterruptedPlacement,
    ListPointsHolds,
    PickupOrderJobs,
  ],
  // Returns read collected orders as purchase receipts.
  exports: [PICKUP_ORDERS],
})
export class PickupOrdersModule {}
