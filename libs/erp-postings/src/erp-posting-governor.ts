import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { rootLogger, runWithRequestContext } from '@omnigate/observability';
import {
  Database,
  DeadLetterNow,
  JobQueue,
  type QueuedJob,
  type SqlExecutor,
  together,
} from '@omnigate/persistence';
import type { Posting, PostingReceipt } from '@omnigate/contracts';
import type { PostingRecord } from './erp-posting';
import { ERP_POSTINGS_QUEUE, PostingLedger, postingJobKey, type PostingJob } from './posting-ledger';
import { ErpAvailability } from './erp-availability';
import { judgeFailure, nextStep } from './posting-failure';
import { SharedErpQuota, type QuotaState } from './shared-erp-quota';

/** What the governor calls to create a document: the system ERP API. */
export interface ErpPostingsPort {
  post(posting: Posting): Promise<PostingReceipt>;
}
export const ERP_POSTINGS_PORT = Symbol('ERP_POSTINGS_PORT');

/** How hard the governor may push the ERP, and how long it keeps trying. */
export interface GovernorSettings {
  /** ERP calls in flight at once, across every replica. */
  maxConcurrency: number;
  /** ERP calls started per second, across every replica. */
  maxRatePerS: number;
  /** How long a posting is retried (from its creation or last replay) before it is dead-lettered with its last reason. */
  retryBudgetH: number;
  /** Longest pause between two attempts of one posting. */
  maxRetryDelayS: number;
  /** An attempt still running after this long counts as failed (a replica died holding it). */
  attemptTimeoutS: number;
}
export const GOVERNOR_SETTINGS = Symbol('GOVERNOR_SETTINGS');

/** Runs in the transaction that marks a posting posted: the workflow notes the ERP document id. */
export type PostedHook = (tx: SqlExecutor, posting: PostingRecord, erpDocumentId: string) => Promise<void>;

// pg-boss' own retries are left for what the governor cannot reschedule itself: a replica dying
// mid-call, the database failing. A failed ERP call is rescheduled by the governor, on its budget.
const CRASH_RETRY_LIMIT = 50;

/** An attempt that waited this long (held for the ERP, or for a quota slot) reads its posting again before calling. */
const RECHECK_WITHDRAWAL_AFTER_MS = 1_000;

/**
 * The one way ERP writes happen: a durable queue drained within the ERP's quota, shared by every
 * replica through PostgreSQL (concurrency, rate, tightening on 429). A failed call is rescheduled
 * for a time budget rather than a number of attempts: an answer that says "not now" (a breaker
 * open, a quota refusal, a maintenance window) waits its Retry-After without using an attempt; a
 * real failure backs off. Only the ERP's rejection of the document, or a spent budget,
 * dead-letters a posting. Our posting id is the ERP's external reference, so a repeat finds the
 * first document instead of creating a second.
 */
@Injectable()
export class ErpPostingGovernor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly hooks = new Map<string, PostedHook>();
  readonly quota: SharedErpQuota;
  private readonly availability: ErpAvailability;

  constructor(
    private readonly db: Database,
    private readonly jobs: JobQueue,
    private readonly ledger: PostingLedger,
    @Inject(ERP_POSTINGS_PORT) private readonly erp: ErpPostingsPort,
    @Inject(GOVERNOR_SETTINGS) private readonly settings: GovernorSettings,
  ) {
    this.quota = new SharedErpQuota(db, {
      maxConcurrency: settings.maxConcurrency,
      maxRatePerS: settings.maxRatePerS,
      leaseS: settings.attemptTimeoutS,
    });
    this.availability = new ErpAvailability(this.quota);
  }

  /** Registers what a workflow records when one of its postings lands. */
  onPosted(sourceType: string, hook: PostedHook): void {
    this.hooks.set(sourceType, hook);
  }

  /** The shared quota's current allowance and whether the ERP takes work, for the operations API and metrics. */
  throttleState(): Promise<QuotaState> {
    return this.quota.state();
  }

  /** Postings held while the ERP refuses work are put back at once, before the workers stop. */
  beforeApplicationShutdown(): void {
    this.availability.stop();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.quota.ensure();
    await this.jobs.createQueue(ERP_POSTINGS_QUEUE, {
      policy: 'stately',
      retryLimit: CRASH_RETRY_LIMIT,
      retryDelay: 1,
      retryBackoff: true,
      retryDelayMax: this.settings.maxRetryDelayS,
      expireInSeconds: this.settings.attemptTimeoutS,
    });
    await this.jobs.work<PostingJob>(
      ERP_POSTINGS_QUEUE,
      // pg-boss fetches a poller's next batch only when its whole batch is done, so a few big
      // batches leave the ERP idle while each one's last call finishes (a replica drained at half
      // its quota). Many pollers of two jobs each keep a job waiting for every freed slot, and a
      // full batch fetches the next at once; at most 4x the concurrency is claimed, so no job waits
      // out its attempt timeout for a slot.
      { batchSize: 2, localConcurrency: this.settings.maxConcurrency * 2, pollingIntervalS: 0.5 },
      (job) => runWithRequestContext({ correlationId: job.payload.correlationId }, () => this.post(job)),
    );
  }

  private async post(job: QueuedJob<PostingJob>): Promise<void> {
    const posting = await this.ledger.find(job.payload.postingId);
    const readAt = Date.now();
    if (!posting || posting.status === 'posted' || posting.status === 'void') return;
    // Dead in the ledger but its job not yet in the dead letter queue (the process stopped in between).
    if (posting.status === 'dead') throw new DeadLetterNow(posting.lastError ?? 'dead-lettered');
    // What an attempt waits (held while the ERP refuses work, then for a quota slot) shares half its timeout.
    const waitUntil = Date.now() + (this.settings.attemptTimeoutS * 1000) / 2;
    const held = await this.availability.hold(waitUntil - Date.now());
    if (held.verdict === 'put-back') {
      // Every replica knows the ERP refuses work: back to the queue without calling it, and without using an attempt.
      const reason = `ERP unavailable: ${held.state.lastRefusal ?? 'refusing work'}`;
      return this.retry(
        job,
        posting,
        nextStep(
          {
            kind: 'not-now',
            reason,
            retryAfterS: Math.max(1, held.state.erpUnavailableForMs / 1000),
            quota: false,
          },
          this.spentS(posting),
          posting.attempts,
          this.limits(),
        ),
      );
    }
    try {
      await this.callErp(job, posting, readAt, waitUntil);
    } finally {
      if (held.verdict === 'probe') this.availability.probeEnded();
    }
  }

  /** One ERP call for the posting within the shared quota, and what its answer means for the posting and for the ERP's availability. */
  private async callErp(
    job: QueuedJob<PostingJob>,
    posting: PostingRecord,
    readAt: number,
    waitUntil: number,
  ): Promise<void> {
    const lease = await this.quota.acquire(Math.max(0, waitUntil - Date.now()));
    if (!lease) {
      return this.retry(
        job,
        posting,
        nextStep(
          { kind: 'not-now', reason: 'no quota slot in time', retryAfterS: 1, quota: true },
          this.spentS(posting),
          posting.attempts,
          this.limits(),
        ),
      );
    }
    // Held for the ERP and then for a slot, the attempt may have waited seconds: a posting withdrawn
    // meanwhile (its order cancelled during an outage) is not sent, rather than sent and reversed.
    // One that went straight on is sent as read: withdrawn in that instant, it is reversed when it
    // lands (markPosted), as one withdrawn during its call is.
    if (
      Date.now() - readAt >= RECHECK_WITHDRAWAL_AFTER_MS &&
      (await this.ledger.find(posting.postingId))?.status !== 'pending'
    ) {
      await this.quota.release(lease, false);
      return;
    }
    let receipt: PostingReceipt;
    try {
      receipt = await this.erp.post(posting);
    } catch (error) {
      await this.quota.release(lease, false);
      const verdict = judgeFailure(error);
      if (verdict.kind === 'not-now' && verdict.quota) await this.quota.tighten(verdict.retryAfterS);
      else if (verdict.kind === 'refused') this.availability.landed();
      else {
        const forS = verdict.kind === 'not-now' ? verdict.retryAfterS : 1;
        await this.quota.markUnavailable(forS, verdict.reason);
        this.availability.refused(forS);
      }
      return this.failed(
        job,
        posting,
        nextStep(verdict, this.spentS(posting), posting.attempts, this.limits()),
      );
    }
    await this.quota.release(lease, true);
    this.availability.landed();
    await this.db.transaction((tx) =>
      together([
        this.ledger.markPosted(tx, posting.postingId, receipt.erpDocumentId, job.payload.correlationId),
        this.hooks.get(posting.sourceType)?.(tx, posting, receipt.erpDocumentId),
      ]),
    );
  }

  private async failed(
    job: QueuedJob<PostingJob>,
    posting: PostingRecord,
    step: ReturnType<typeof nextStep>,
  ): Promise<void> {
    if (step.action === 'retry') return this.retry(job, posting, step);
    await this.ledger.recordDead(posting.postingId, step.reason);
    rootLogger().warn(
      { postingId: posting.postingId, attempts: posting.attempts, reason: step.reason },
      'ERP posting dead-lettered',
    );
    throw new DeadLetterNow(step.reason);
  }

  private async retry(
    job: QueuedJob<PostingJob>,
    posting: PostingRecord,
    step: ReturnType<typeof nextStep>,
  ): Promise<void> {
    if (step.action === 'dead-letter') return this.failed(job, posting, step);
    await this.db.transaction(async (tx) => {
      await this.ledger.recordRetry(tx, posting.postingId, step.reason, step.usedAttempt, step.inS);
      await this.jobs.reschedule(tx, job, step.inS, { singletonKey: postingJobKey(posting.postingId) });
    });
    if (step.usedAttempt)
      rootLogger().warn(
        {
          postingId: posting.postingId,
          attempt: posting.attempts + 1,
          retryInS: step.inS,
          reason: step.reason,
        },
        'ERP posting failed; rescheduled',
      );
  }

  private spentS(posting: PostingRecord): number {
    return (Date.now() - new Date(posting.budgetStartedAt).getTime()) / 1000;
  }

  private limits() {
    return { retryBudgetS: this.settings.retryBudgetH * 3600, maxRetryDelayS: this.settings.maxRetryDelayS };
  }
}
