import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { rootLogger, runWithRequestContext } from '@omnigate/observability';
import { Database, JobQueue, type QueuedJob, type SqlExecutor } from '@omnigate/persistence';
import { UpstreamError } from '@omnigate/problems';
import { AdaptiveThrottle } from './adaptive-throttle';
import type { Posting, PostingReceipt } from '@omnigate/contracts';
import type { PostingRecord } from './erp-posting';
import { ERP_POSTINGS_QUEUE, PostingLedger, type PostingJob } from './posting-ledger';

/** What the governor calls to create a document: the system ERP API. */
export interface ErpPostingsPort {
  post(posting: Posting): Promise<PostingReceipt>;
}
export const ERP_POSTINGS_PORT = Symbol('ERP_POSTINGS_PORT');

/** How hard the governor may push the ERP, and how long it keeps trying. */
export interface GovernorSettings {
  maxConcurrency: number;
  maxRatePerS: number;
  /** Attempts before a posting is dead-lettered with its last error. */
  maxAttempts: number;
  /** Longest pause between two attempts of one posting. */
  maxRetryDelayS: number;
  /** An attempt still running after this long counts as failed (a replica died holding it). */
  attemptTimeoutS: number;
}
export const GOVERNOR_SETTINGS = Symbol('GOVERNOR_SETTINGS');

/** Runs in the transaction that marks a posting posted: the workflow notes the ERP document id. */
export type PostedHook = (tx: SqlExecutor, posting: PostingRecord, erpDocumentId: string) => Promise<void>;

/**
 * The one way ERP writes happen: a durable queue drained within the ERP's quota (concurrency and
 * rate, tightening on 429 and Retry-After), retried with backoff, dead-lettered with the reason
 * after `maxAttempts`. Our posting id is the ERP's external reference, so a repeat finds the first
 * document instead of creating a second.
 */
@Injectable()
export class ErpPostingGovernor implements OnApplicationBootstrap {
  private readonly hooks = new Map<string, PostedHook>();
  private readonly throttle: AdaptiveThrottle;

  constructor(
    private readonly db: Database,
    private readonly jobs: JobQueue,
    private readonly ledger: PostingLedger,
    @Inject(ERP_POSTINGS_PORT) private readonly erp: ErpPostingsPort,
    @Inject(GOVERNOR_SETTINGS) private readonly settings: GovernorSettings,
  ) {
    this.throttle = new AdaptiveThrottle(settings);
  }

  /** Registers what a workflow records when one of its postings lands. */
  onPosted(sourceType: string, hook: PostedHook): void {
    this.hooks.set(sourceType, hook);
  }

  /** The throttle's current allowance, for the operations API and metrics. */
  throttleState() {
    return this.throttle.state();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.createQueue(ERP_POSTINGS_QUEUE, {
      retryLimit: this.settings.maxAttempts - 1,
      retryDelay: 1,
      retryBackoff: true,
      retryDelayMax: this.settings.maxRetryDelayS,
      expireInSeconds: this.settings.attemptTimeoutS,
    });
    await this.jobs.work<PostingJob>(
      ERP_POSTINGS_QUEUE,
      { batchSize: this.settings.maxConcurrency * 2, pollingIntervalS: 0.5 },
      (job) => runWithRequestContext({ correlationId: job.payload.correlationId }, () => this.post(job)),
    );
  }

  private async post(job: QueuedJob<PostingJob>): Promise<void> {
    const posting = await this.ledger.find(job.payload.postingId);
    if (!posting || posting.status === 'posted') return;
    const release = await this.throttle.acquire();
    let receipt: PostingReceipt;
    try {
      receipt = await this.erp.post(posting);
      this.throttle.relax();
    } catch (error) {
      if (error instanceof UpstreamError && error.failure === 'quota-exceeded') this.throttle.tighten(error.retryAfterS ?? 1);
      const dead = job.attempt >= this.settings.maxAttempts;
      const reason = error instanceof Error ? error.message : String(error);
      await this.ledger.recordFailure(posting.postingId, reason, dead);
      rootLogger().warn({ postingId: posting.postingId, attempt: job.attempt, dead, reason }, 'ERP posting failed');
      throw error;
    } finally {
      release();
    }
    await this.db.transaction(async (tx) => {
      await this.ledger.markPosted(tx, posting.postingId, receipt.erpDocumentId);
      await this.hooks.get(posting.sourceType)?.(tx, posting, receipt.erpDocumentId);
    });
  }
}
