import { Injectable } from '@nestjs/common';
import { ERP_POSTINGS_QUEUE, ErpPostingGovernor, PostingLedger } from '@omnigate/erp-postings';
import { Database, JobQueue } from '@omnigate/persistence';
import { DeadLetterNotFound, ErpBreakerOpen, UnknownQueue } from './operations.errors';

// Dead letters replayed by one "replay all" call; a larger backlog is replayed by calling again.
const REPLAY_ALL_LIMIT = 1_000;

/**
 * Sends dead letters back to their queue with fresh retries: one, or all of a queue. ERP postings
 * are put back to pending in the same transaction (with a fresh retry budget), and not at all while
 * the ERP refuses work (409 erp-breaker-open with Retry-After).
 */
@Injectable()
export class ReplayDeadLetters {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobQueue,
    private readonly ledger: PostingLedger,
    private readonly governor: ErpPostingGovernor,
  ) {}

  /** Every queue operators may list and replay: each one this app created with dead letters. */
  queues(): string[] {
    return this.jobs.queues();
  }

  /** `queue` when operators may act on it; else throws {@link UnknownQueue}, 400 unless the queue is the resource (404). */
  known(queue: string, asResource = false): string {
    const queues = this.queues();
    if (!queues.includes(queue)) throw new UnknownQueue(queues, asResource ? 'not-found' : 'bad-request');
    return queue;
  }

  async execute(command: { queue: string; deadLetterId?: string }): Promise<{ replayed: string[] }> {
    const queue = this.known(command.queue);
    if (queue === ERP_POSTINGS_QUEUE) {
      const { erpUnavailableForMs, lastRefusal } = await this.governor.throttleState();
      if (erpUnavailableForMs > 0) throw new ErpBreakerOpen(erpUnavailableForMs, lastRefusal);
    }
    const letters = await this.jobs.listDeadLetters<{ postingId?: string }>(queue, REPLAY_ALL_LIMIT);
    const chosen = command.deadLetterId ? letters.filter((l) => l.id === command.deadLetterId) : letters;
    if (command.deadLetterId && chosen.length === 0)
      throw new DeadLetterNotFound('No dead letter has this id in this queue');
    if (chosen.length === 0) return { replayed: [] };
    await this.db.transaction(async (tx) => {
      const postingIds = chosen.flatMap((l) =>
        queue === ERP_POSTINGS_QUEUE && l.payload.postingId ? [l.payload.postingId] : [],
      );
      if (postingIds.length > 0) await this.ledger.revive(tx, postingIds);
      await this.jobs.replayDeadLetters(
        queue,
        chosen.map((l) => l.id),
        tx,
      );
    });
    return { replayed: chosen.map((l) => l.id) };
  }
}
