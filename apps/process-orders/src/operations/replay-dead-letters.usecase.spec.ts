import { randomUUID } from 'node:crypto';
import type { Posting, PostingReceipt } from '@omnigate/contracts';
import { ERP_POSTINGS_QUEUE, type ErpPostingsPort } from '@omnigate/erp-postings';
import type { DeadLetter } from '@omnigate/persistence';
import { UpstreamError } from '@omnigate/problems';
import { SystemRefusal } from '@omnigate/system-clients';
import {
  eventually,
  openProcessOrdersFixture,
  processOrdersConfig,
  type ProcessOrdersFixture,
  refusalOf,
} from '../process-orders.fixture';
import { DeadLetterNotFound, ErpBreakerOpen, UnknownQueue } from './operations.errors';
import { ReplayDeadLetters } from './replay-dead-letters.usecase';

/**
 * system-erp's posting endpoint in memory: it creates a document per posting id (a repeat answers
 * the first), unless the spec scripted a refusal for that posting, and counts the calls per posting.
 */
class FakeErpPostings implements ErpPostingsPort {
  readonly documents = new Map<string, string>();
  readonly calls: string[] = [];
  private readonly answers = new Map<string, unknown>();

  /** The next call for `postingId` throws `error` (then the fake takes the document again). */
  failNext(postingId: string, error: unknown): this {
    this.answers.set(postingId, error);
    return this;
  }

  callsFor(postingId: string): number {
    return this.calls.filter((id) => id === postingId).length;
  }

  async post(posting: Posting): Promise<PostingReceipt> {
    this.calls.push(posting.postingId);
    const failure = this.answers.get(posting.postingId);
    if (failure !== undefined) {
      this.answers.delete(posting.postingId);
      throw failure;
    }
    const alreadyPosted = this.documents.has(posting.postingId);
    if (!alreadyPosted)
      this.documents.set(posting.postingId, `90${String(this.documents.size).padStart(8, '0')}`);
    return {
      postingId: posting.postingId,
      erpDocumentId: this.documents.get(posting.postingId)!,
      alreadyPosted,
    };
  }
}

const rejected = () =>
  new SystemRefusal(422, {
    type: 'https://omnigate.dev/problems/erp-document-rejected',
    title: 'The ERP rejected the document',
  });

/** The ERP postings pipeline started on the fixture: the governor's workers call the fake ERP. */
async function openPipeline(): Promise<{
  fx: ProcessOrdersFixture;
  erp: FakeErpPostings;
  replay: ReplayDeadLetters;
}> {
  const erp = new FakeErpPostings();
  const fx = await openProcessOrdersFixture([], processOrdersConfig(), erp);
  await fx.governor.onApplicationBootstrap();
  const replay = new ReplayDeadLetters(fx.db, fx.jobs, fx.ledger, fx.governor);
  return { fx, erp, replay };
}

async function closePipeline(fx: ProcessOrdersFixture): Promise<void> {
  fx.governor.beforeApplicationShutdown();
  await fx.close();
}

/** Schedules the ERP posting of store sale `saleId`, as the sale's workflow would. */
async function scheduleSalePosting(fx: ProcessOrdersFixture, saleId: string): Promise<void> {
  await fx.db.transaction((tx) =>
    fx.ledger.schedule(
      tx,
      {
        postingId: `sale_${saleId}`,
        kind: 'SALE',
        sourceType: 'store-sale',
        sourceId: saleId,
        storeId: 'ST-1',
        currency: 'EUR',
        occurredAt: '2026-11-30T10:00:00.000Z',
        lines: [{ sku: 'SKU-A', quantity: 1, netAmountMinor: 1_000 }],
      },
      `corr-${saleId}`,
    ),
  );
}

/** Schedules a store sale's posting the ERP rejects, and answers its dead letter once it is dead. */
async function deadPosting(
  fx: ProcessOrdersFixture,
  erp: FakeErpPostings,
  saleId: string,
): Promise<DeadLetter> {
  const postingId = `sale_${saleId}`;
  erp.failNext(postingId, rejected());
  await scheduleSalePosting(fx, saleId);
  let letter: DeadLetter | undefined;
  await eventually(`${postingId} dead-lettered`, async () => {
    letter = (await fx.jobs.listDeadLetters<{ postingId: string }>(ERP_POSTINGS_QUEUE)).find(
      (l) => l.payload.postingId === postingId,
    );
    return letter !== undefined;
  });
  expect((await fx.ledger.find(postingId))?.status).toBe('dead');
  return letter!;
}

describe('ReplayDeadLetters', () => {
  let fx: ProcessOrdersFixture;
  let erp: FakeErpPostings;
  let replay: ReplayDeadLetters;
  beforeAll(async () => ({ fx, erp, replay } = await openPipeline()));
  afterAll(() => closePipeline(fx));

  const deadLetterIds = async () => (await fx.jobs.listDeadLetters(ERP_POSTINGS_QUEUE)).map((l) => l.id);
  const statusOf = async (postingId: string) => (await fx.ledger.find(postingId))?.status;
  /**
   * The posting's jobs in its queue besides the attempt that died: one per replay. Read as the replay
   * answers, before a worker could reschedule the job (which it does only after waiting seconds for
   * the ERP's quota).
   */
  const replayedJobs = async (postingId: string) =>
    (await fx.jobs.jobsWith(ERP_POSTINGS_QUEUE, { postingId })).filter((j) => j.state !== 'failed').length;
  /** The governor posts a dead posting never: posted means the replay put it back to pending. */
  const landed = (postingId: string) =>
    eventually(`${postingId} posted`, async () => (await statusOf(postingId)) === 'posted');

  it('replays one dead letter into its queue once, where the posting lands, and leaves the others dead', async () => {
    const one = await deadPosting(fx, erp, 'replay_one');
    const other = await deadPosting(fx, erp, 'replay_one_other');

    expect(await replay.execute({ queue: ERP_POSTINGS_QUEUE, deadLetterId: one.id })).toEqual({
      replayed: [one.id],
    });
    expect(await replayedJobs('sale_replay_one')).toBe(1);

    await landed('sale_replay_one');
    expect(erp.callsFor('sale_replay_one')).toBe(2);
    expect(await deadLetterIds()).not.toContain(one.id);
    // Replayed once: the letter left the dead letter queue, so a second replay of it finds nothing.
    expect(
      await refusalOf(replay.execute({ queue: ERP_POSTINGS_QUEUE, deadLetterId: one.id })),
    ).toBeInstanceOf(DeadLetterNotFound);

    expect(await deadLetterIds()).toContain(other.id);
    expect(await statusOf('sale_replay_one_other')).toBe('dead');
    expect(erp.callsFor('sale_replay_one_other')).toBe(1);
    expect(await replayedJobs('sale_replay_one_other')).toBe(0);
  });

  it('replays every dead letter of the queue once, back to pending and then posted', async () => {
    const first = await deadPosting(fx, erp, 'replay_all_1');
    const second = await deadPosting(fx, erp, 'replay_all_2');

    const { replayed } = await replay.execute({ queue: ERP_POSTINGS_QUEUE });
    // Any letter an earlier spec left dead goes too; each of this spec's exactly once.
    expect(replayed.filter((id) => id === first.id || id === second.id).sort()).toEqual(
      [first.id, second.id].sort(),
    );
    expect(new Set(replayed).size).toBe(replayed.length);
    expect(await replayedJobs('sale_replay_all_1')).toBe(1);
    expect(await replayedJobs('sale_replay_all_2')).toBe(1);
    expect(await deadLetterIds()).toEqual([]);

    for (const postingId of ['sale_replay_all_1', 'sale_replay_all_2']) {
      await landed(postingId);
      expect(erp.callsFor(postingId)).toBe(2);
    }
    expect(await replay.execute({ queue: ERP_POSTINGS_QUEUE })).toEqual({ replayed: [] });
  });

  it('refuses a dead letter id the queue does not hold, and replays nothing', async () => {
    const kept = await deadPosting(fx, erp, 'replay_unknown_id');

    const refused = await refusalOf(
      replay.execute({ queue: ERP_POSTINGS_QUEUE, deadLetterId: randomUUID() }),
    );
    expect(refused).toBeInstanceOf(DeadLetterNotFound);
    expect(refused).toMatchObject({ type: 'dead-letter-not-found', kind: 'not-found' });

    expect(await deadLetterIds()).toContain(kept.id);
    expect(await statusOf('sale_replay_unknown_id')).toBe('dead');
    expect(await replayedJobs('sale_replay_unknown_id')).toBe(0);
  });

  it('refuses a queue neither the ERP postings nor a registered workflow has', async () => {
    const refused = await refusalOf(replay.execute({ queue: 'pickup-order.teleport' }));
    expect(refused).toBeInstanceOf(UnknownQueue);
    expect(refused).toMatchObject({
      type: 'unknown-queue',
      kind: 'bad-request',
      extensions: { queues: [ERP_POSTINGS_QUEUE] },
    });
  });
});

describe('ReplayDeadLetters while the ERP breaker is open', () => {
  let fx: ProcessOrdersFixture;
  let erp: FakeErpPostings;
  let replay: ReplayDeadLetters;
  beforeAll(async () => ({ fx, erp, replay } = await openPipeline()));
  afterAll(() => closePipeline(fx));

  it('refuses with 409 erp-breaker-open and Retry-After, and leaves the dead letters and postings as they were', async () => {
    const letter = await deadPosting(fx, erp, 'breaker_dead');
    // system-erp answers another posting with its open breaker: the ERP refuses work for a minute.
    erp.failNext(
      'sale_breaker_hit',
      new UpstreamError('erp', 'post document', 'circuit-open', 'erp breaker open', 503, 60),
    );
    await scheduleSalePosting(fx, 'breaker_hit');
    await eventually('the ERP known to refuse work', async () => erp.callsFor('sale_breaker_hit') === 1);
    await eventually(
      'the refusal shared',
      async () => (await fx.governor.throttleState()).erpUnavailableForMs > 0,
    );

    for (const command of [
      { queue: ERP_POSTINGS_QUEUE },
      { queue: ERP_POSTINGS_QUEUE, deadLetterId: letter.id },
    ]) {
      const refused = await refusalOf(replay.execute(command));
      expect(refused).toBeInstanceOf(ErpBreakerOpen);
      expect(refused).toMatchObject({ type: 'erp-breaker-open', kind: 'conflict' });
      const { retryAfterS, extensions } = refused as ErpBreakerOpen;
      expect(retryAfterS).toBeGreaterThan(50);
      expect(retryAfterS).toBeLessThanOrEqual(60);
      expect(extensions).toEqual({ retryAfterS, lastRefusal: 'erp post document: erp breaker open' });
    }

    expect((await fx.jobs.listDeadLetters(ERP_POSTINGS_QUEUE)).map((l) => l.id)).toEqual([letter.id]);
    expect((await fx.ledger.find('sale_breaker_dead'))?.status).toBe('dead');
    expect(erp.callsFor('sale_breaker_dead')).toBe(1);
  });
});
