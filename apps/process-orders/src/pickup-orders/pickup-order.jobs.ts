import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { runWithRequestContext } from '@omnigate/observability';
import { JobQueue } from '@omnigate/persistence';
import { ErpPostingGovernor } from '@omnigate/erp-postings';
import { ProcessOrdersConfig } from '../process-orders.config';
import { EndPickupOrder } from './end-pickup-order.usecase';
import { FulfilPickupOrder } from './fulfil-pickup-order.usecase';
import { PICKUP_QUEUES, type PickupOrderJob, type PickupQueue } from './pickup-order.queues';
import { PickupOrdersRepository } from './pickup-orders.repository';
import { RecoverInterruptedPlacement } from './recover-interrupted-placement.usecase';
import { SettlePickupHolds } from './settle-pickup-holds.usecase';

/**
 * Wires the pickup order's queues to its use cases. A job whose handler fails is retried with
 * backoff, and after its last attempt waits in the dead letter queue for an operator's replay.
 */
@Injectable()
export class PickupOrderJobs implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly governor: ErpPostingGovernor,
    private readonly orders: PickupOrdersRepository,
    private readonly fulfil: FulfilPickupOrder,
    private readonly end: EndPickupOrder,
    private readonly settle: SettlePickupHolds,
    private readonly recover: RecoverInterruptedPlacement,
    @Inject(ProcessOrdersConfig) private readonly config: ProcessOrdersConfig,
  ) {}

  /** Registered before any worker starts, so no posting lands unnoticed. */
  onModuleInit(): void {
    this.governor.onPosted('pickup-order', async (tx, posting, erpDocumentId) => {
      await this.orders.lock(tx, posting.sourceId);
      await this.orders.addEvent(tx, posting.sourceId, `erp-${posting.kind.toLowerCase()}-posted`, 'done', {
        postingId: posting.postingId,
        erpDocumentId,
      });
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const handlers: Record<PickupQueue, (job: PickupOrderJob) => Promise<void>> = {
      [PICKUP_QUEUES.createInOms]: (job) => this.fulfil.createInOms(job.correlationId, job.orderId),
      [PICKUP_QUEUES.sendPickList]: (job) => this.fulfil.sendPickList(job.correlationId, job.orderId),
      [PICKUP_QUEUES.expire]: (job) => this.end.expire(job.correlationId, job.orderId),
      [PICKUP_QUEUES.releaseHolds]: (job) => this.settle.release(job.orderId),
      [PICKUP_QUEUES.completeCollection]: (job) => this.settle.completeCollection(job.orderId),
      [PICKUP_QUEUES.recoverPlacement]: (job) => this.recover.execute(job.orderId),
    };
    for (const [queue, handle] of Object.entries(handlers)) {
      await this.jobs.createQueue(queue, {
        retryLimit: 10,
        retryDelay: 1,
        retryBackoff: true,
        retryDelayMax: 30,
        expireInSeconds: this.config.JOB_ATTEMPT_TIMEOUT_S,
      });
      await this.jobs.work<PickupOrderJob>(queue, { batchSize: 8, pollingIntervalS: 0.5 }, ({ payload }) =>
        runWithRequestContext({ correlationId: payload.correlationId }, () => handle(payload)),
      );
    }
  }
}
