import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CallerKeyRing, InternalAuthGuard, InternalAuthModule } from '@omnigate/auth';
import { IdempotencyModule } from '@omnigate/idempotency';
import { PersistenceModule } from '@omnigate/persistence';
import { callerRateLimitsFrom, RateLimitGuard, RateLimitModule } from '@omnigate/rate-limit';
import { redisSettingsFrom } from '@omnigate/redis';
import { jobStopTimeoutMs, OpsModule } from '@omnigate/server';
import { ErpApi, SystemClientsModule } from '@omnigate/system-clients';
import { WorkflowModule } from '@omnigate/workflow';
import { ErpPostingsModule } from '@omnigate/erp-postings';
import { processOrdersMigrations } from './migrations';
import { OperationsController } from './operations/operations.controller';
import { PostingPipelineGauges } from './operations/posting-pipeline-gauges';
import { ReplayDeadLetters } from './operations/replay-dead-letters.usecase';
import { FlowsController, QueuesController } from './operations/flows.controller';
import { FlowsRepository } from './operations/flows.repository';
import { FlowReleaseController } from './operations/flow-release.controller';
import { OperatorActionsController } from './operations/operator-actions.controller';
import { OperatorActionsRepository } from './operations/operator-actions.repository';
import { ReleaseStuckFlow } from './operations/release-stuck-flow.usecase';
import { PauseQueue, ResumeQueue } from './operations/pause-queue.usecase';
import { QueuePausesController } from './operations/queue-pauses.controller';
import { PickupOrdersModule } from './pickup-orders/pickup-orders.module';
import { ProcessOrdersConfig } from './process-orders.config';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { ReturnsModule } from './returns/returns.module';
import { TillRedemptionsModule } from './till-redemptions/till-redemptions.module';
import { StoreSalesModule } from './store-sales/store-sales.module';

/** process-orders: the workflow engine and its workflows (pickup orders, store sales, till redemptions, returns), their durable state, the operations API, reconciliation and the ERP posting governor. */
@Module({})
export class AppModule {
  static register(config: ProcessOrdersConfig): DynamicModule {
    const callers = CallerKeyRing.parse(config.INTERNAL_CALLER_KEY_DIGESTS);
    return {
      module: AppModule,
      global: true,
      imports: [
        PersistenceModule.forRoot({
          database: {
            databaseUrl: config.DATABASE_URL,
            pgliteDataDir: config.PGLITE_DATA_DIR,
            schema: config.DATABASE_SCHEMA,
          },
          migrations: processOrdersMigrations,
          // Expired attempts (their replica died) are found no later than one attempt timeout after they expire.
          jobQueue: {
            schema: `${config.DATABASE_SCHEMA}_jobs`,
            superviseIntervalS: Math.min(60, config.JOB_ATTEMPT_TIMEOUT_S),
            stopTimeoutMs: jobStopTimeoutMs(config),
            pauseCheckMs: config.QUEUE_PAUSE_CHECK_MS,
          },
        }),
        IdempotencyModule.forRoot({
          ttlHours: config.IDEMPOTENCY_TTL_H,
          lockTimeoutS: config.IDEMPOTENCY_LOCK_S,
          inFlightWaitMs: config.IDEMPOTENCY_IN_FLIGHT_WAIT_MS,
        }),
        InternalAuthModule.forRoot({ callers }),
        RateLimitModule.forCallers({
          api: 'process-orders',
          limits: callerRateLimitsFrom(config),
          redis: redisSettingsFrom(config),
          keyPrefix: config.REDIS_KEY_PREFIX,
        }),
        SystemClientsModule.register({
          serviceKey: config.INTERNAL_SERVICE_KEY,
          timeoutMs: config.SYSTEM_API_TIMEOUT_MS,
          maxBodyBytes: config.SYSTEM_API_MAX_BODY_BYTES,
          urls: {
            erp: config.SYSTEM_ERP_URL,
            pos: config.SYSTEM_POS_URL,
            loyalty: config.SYSTEM_LOYALTY_URL,
            oms: config.SYSTEM_OMS_URL,
          },
        }),
        ErpPostingsModule.register({
          settings: {
            maxConcurrency: config.ERP_POSTING_CONCURRENCY,
            maxRatePerS: config.ERP_POSTING_RATE_PER_S,
            retryBudgetH: config.ERP_POSTING_RETRY_BUDGET_H,
            maxRetryDelayS: config.ERP_POSTING_MAX_RETRY_DELAY_S,
            attemptTimeoutS: config.JOB_ATTEMPT_TIMEOUT_S,
          },
          erpPostings: { useFactory: (erp: ErpApi) => erp, inject: [ErpApi] },
        }),
        WorkflowModule.register({
          jobs: {
            retryLimit: config.JOB_RETRY_LIMIT,
            maxRetryDelayS: config.JOB_MAX_RETRY_DELAY_S,
            attemptTimeoutS: config.JOB_ATTEMPT_TIMEOUT_S,
          },
        }),
        OpsModule.register({ metricsScrapers: callers }),
        PickupOrdersModule,
        ReturnsModule,
        TillRedemptionsModule,
        StoreSalesModule,
        ReconciliationModule,
      ],
      controllers: [
        OperationsController,
        FlowsController,
        FlowReleaseController,
        QueuesController,
        QueuePausesController,
        OperatorActionsController,
      ],
      providers: [
        { provide: ProcessOrdersConfig, useValue: config },
        { provide: APP_GUARD, useExisting: InternalAuthGuard },
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        ReplayDeadLetters,
        PostingPipelineGauges,
        FlowsRepository,
        OperatorActionsRepository,
        ReleaseStuckFlow,
        PauseQueue,
        ResumeQueue,
      ],
      exports: [ProcessOrdersConfig],
    };
  }
}
