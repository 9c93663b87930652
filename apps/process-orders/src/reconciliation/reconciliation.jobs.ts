import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Database, JobQueue } from '@omnigate/persistence';
import { Clock, jobContext } from '@omnigate/workflow';
import { ProcessOrdersConfig } from '../process-orders.config';
import { ReconcileStoreDay } from './reconcile-store-day.usecase';
import { ReconciledDayRepository } from './reconciled-day.repository';

/** The daily run: sent by pg-boss's cron (RECONCILIATION_CRON), it fans out one job per store with flows on the previous UTC day. */
export const RECONCILIATION_DAILY_QUEUE = 'reconciliation.daily';
/** One store's day: retried on its own when a backend could not be read. */
export const RECONCILIATION_STORE_DAY_QUEUE = 'reconciliation.store-day';

const CLIENT_APP = 'reconciliation';

/** The previous UTC day of `now`, as YYYY-MM-DD. */
export const previousBusinessDate = (now: Date): string =>
  new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);

/** Keeps the daily reconciliation scheduled as configured and binds its jobs to the use case. */
@Injectable()
export class ReconciliationJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReconciliationJobs.name);

  constructor(
    private readonly jobs: JobQueue,
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly day: ReconciledDayRepository,
    private readonly reconcile: ReconcileStoreDay,
    @Inject(ProcessOrdersConfig) private readonly config: ProcessOrdersConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const policy = {
      retryLimit: this.config.JOB_RETRY_LIMIT,
      retryDelay: 1,
      retryBackoff: true,
      retryDelayMax: this.config.JOB_MAX_RETRY_DELAY_S,
      expireInSeconds: this.config.JOB_ATTEMPT_TIMEOUT_S,
    };
    await this.jobs.createQueue(RECONCILIATION_DAILY_QUEUE, policy);
    await this.jobs.createQueue(RECONCILIATION_STORE_DAY_QUEUE, policy);
    if (this.config.RECONCILIATION_CRON === 'off') await this.jobs.unschedule(RECONCILIATION_DAILY_QUEUE);
    else await this.jobs.schedule(RECONCILIATION_DAILY_QUEUE, this.config.RECONCILIATION_CRON, {});
    await this.jobs.work(RECONCILIATION_DAILY_QUEUE, { pollingIntervalS: 5 }, async () => {
      await this.fanOut();
    });
    await this.jobs.work<{ storeId: string; businessDate: string; correlationId: string }>(
      RECONCILIATION_STORE_DAY_QUEUE,
      { pollingIntervalS: 2 },
      async ({ payload }) => {
        await this.reconcile.execute(jobContext(payload.correlationId, CLIENT_APP), {
          storeId: payload.storeId,
          businessDate: payload.businessDate,
          trigger: 'schedule',
          requestedBy: null,
        });
      },
    );
  }

  /** Sends one store-day job per store with flows on the previous UTC day, all in one transaction. */
  async fanOut(): Promise<number> {
    const businessDate = previousBusinessDate(this.clock.now());
    const stores = await this.day.storesWithFlows(businessDate);
    await this.db.transaction(async (tx) => {
      for (const storeId of stores) {
        await this.jobs.send(tx, RECONCILIATION_STORE_DAY_QUEUE, {
          storeId,
          businessDate,
          correlationId: `reconciliation-${businessDate}-${storeId}`,
        });
      }
    });
    this.logger.log(`daily reconciliation of ${businessDate}: ${stores.length} store(s)`);
    return stores.length;
  }
}
