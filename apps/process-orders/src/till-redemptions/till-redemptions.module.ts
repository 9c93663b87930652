import { Module } from '@nestjs/common';
import { WorkflowEngine, sharedInstanceTables } from '@omnigate/workflow';
import { PointsHoldsModule } from '../points-holds/points-holds.module';
import { ProcessOrdersConfig } from '../process-orders.config';
import { AuthorizeTillRedemption } from './authorize-till-redemption.usecase';
import { CaptureTillRedemption } from './capture-till-redemption.usecase';
import { ExpireTillRedemption } from './expire-till-redemption.usecase';
import { RecoverInterruptedAuthorization } from './recover-interrupted-authorization.usecase';
import { ReleaseTillRedemptionPoints } from './release-till-redemption-points.usecase';
import { SettleTillRedemption } from './settle-till-redemption';
import type { TillRedemption } from './till-redemption';
import { TillRedemptionExpiry } from './till-redemption-expiry';
import { TillRedemptionJobs } from './till-redemption.jobs';
import { TillRedemptionViews } from './till-redemption.view';
import { TILL_REDEMPTION_WORKFLOW, TILL_REDEMPTIONS } from './till-redemption.workflow';
import { TillRedemptionNotFound } from './till-redemptions.errors';
import { TillRedemptionsController } from './till-redemptions.controller';
import { TillRedemptionStoreGuard } from './till-redemption-store.guard';
import { VoidTillRedemption } from './void-till-redemption.usecase';

/** Loyalty points at the till: the workflow registered on the engine, its API, its use cases and their jobs. */
@Module({
  imports: [PointsHoldsModule],
  controllers: [TillRedemptionsController],
  providers: [
    {
      provide: TILL_REDEMPTIONS,
      useFactory: (engine: WorkflowEngine, config: ProcessOrdersConfig) =>
        engine.register(
          TILL_REDEMPTION_WORKFLOW,
          sharedInstanceTables<TillRedemption['state'], TillRedemption['facts']>(
            TILL_REDEMPTION_WORKFLOW.name,
          ),
          {
            timeoutsS: {
              holdExpiry: config.TILL_REDEMPTION_HOLD_S,
              authorizationRecovery: config.PLACEMENT_RECOVERY_S,
            },
            notFound: () => new TillRedemptionNotFound(),
            idOf: (redemption) => redemption.id,
          },
        ),
      inject: [WorkflowEngine, ProcessOrdersConfig],
    },
    TillRedemptionViews,
    TillRedemptionExpiry,
    SettleTillRedemption,
    AuthorizeTillRedemption,
    CaptureTillRedemption,
    VoidTillRedemption,
    ExpireTillRedemption,
    ReleaseTillRedemptionPoints,
    RecoverInterruptedAuthorization,
    TillRedemptionJobs,
    TillRedemptionStoreGuard,
  ],
  exports: [CaptureTillRedemption, TILL_REDEMPTIONS],
})
export class TillRedemptionsModule {}
