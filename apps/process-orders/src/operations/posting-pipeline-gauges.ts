import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ErpPostingGovernor, PostingLedger, watchPostingPipeline } from '@omnigate/erp-postings';
import { JobQueue } from '@omnigate/persistence';
import { ReplayDeadLetters } from './replay-dead-letters.usecase';

/** Feeds the posting gauges on /metrics: backlog, oldest pending age, ERP breaker, dead letters of every queue operators can replay. */
@Injectable()
export class PostingPipelineGauges implements OnModuleInit {
  constructor(
    private readonly ledger: PostingLedger,
    private readonly governor: ErpPostingGovernor,
    private readonly jobs: JobQueue,
    private readonly replay: ReplayDeadLetters,
  ) {}

  onModuleInit(): void {
    watchPostingPipeline(async () => {
      const queues = this.replay.queues();
      const [backlog, quota, counts] = await Promise.all([
        this.ledger.backlog(),
        this.governor.throttleState(),
        Promise.all(queues.map((q) => this.jobs.countDeadLetters(q))),
      ]);
      return {
        backlog,
        erpUnavailable: quota.erpUnavailableForMs > 0,
        deadLetters: Object.fromEntries(queues.map((q, i) => [q, counts[i]])),
      };
    });
  }
}
