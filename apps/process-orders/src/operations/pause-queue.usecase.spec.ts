import { QueuePauses } from '@omnigate/persistence';
import { eventually, refusalOf } from '../process-orders.fixture';
import { openPickupOrdersFixture, type PickupOrdersFixture } from '../pickup-orders/pickup-orders.fixture';
import { UnknownQueue } from './operations.errors';
import { PauseQueue, ResumeQueue } from './pause-queue.usecase';
import { ReplayDeadLetters } from './replay-dead-letters.usecase';

const PAUSED = 'pickup-order.create-in-oms';
const RUNNING = 'pickup-order.send-pick-list';
// Long enough that this replica's own periodic check never runs during a spec: whatever the workers
// do after a pause or resume comes from the use case's check, not from the timer.
const CHECK_MS = 3_600_000;

describe('PauseQueue and ResumeQueue', () => {
  let fx: PickupOrdersFixture;
  let pauses: QueuePauses;
  let pause: PauseQueue;
  let resume: ResumeQueue;
  /** The order ids each worked queue's handler ran for, in order. */
  const worked: Record<string, string[]> = { [PAUSED]: [], [RUNNING]: [] };

  beforeAll(async () => {
    fx = await openPickupOrdersFixture();
    pauses = new QueuePauses(fx.db);
    const replay = new ReplayDeadLetters(fx.db, fx.jobs, fx.ledger, fx.governor);
    pause = new PauseQueue(pauses, fx.jobs, replay);
    resume = new ResumeQueue(pauses, fx.jobs, replay);
    await fx.jobs.followPauses(pauses, CHECK_MS, fx.db);
    for (const queue of [PAUSED, RUNNING])
      await fx.jobs.work<{ orderId: string }>(queue, { pollingIntervalS: 0.5 }, async ({ payload }) => {
        worked[queue].push(payload.orderId);
      });
  });
  // A spec that failed midway leaves no pause behind for the next.
  afterEach(async () => {
    for (const { queue } of await pauses.list()) await pauses.resume(queue);
    await fx.jobs.checkPauses();
  });
  afterAll(() => fx.close());

  const send = (queue: string, orderId: string) =>
    fx.db.transaction((tx) => fx.jobs.send(tx, queue, { orderId }));
  const jobState = async (queue: string, orderId: string) =>
    (await fx.jobs.jobsWith(queue, { orderId })).map(({ state, attempts }) => ({ state, attempts }));
  /** Runs a job through the queue that stays running, twice: each waits for a fresh poll of its worker. */
  const twoPollsOfTheRunningQueue = async (tag: string) => {
    for (const orderId of [`${tag}-1`, `${tag}-2`]) {
      await send(RUNNING, orderId);
      await eventually(`${orderId} worked`, () => worked[RUNNING].includes(orderId));
    }
  };

  it("stops this replica's workers of the queue at once, recording who paused it and why, and resumes them", async () => {
    const paused = await pause.execute({ queue: PAUSED, actor: 'dana.ops', reason: 'OMS maintenance' });

    const [kept] = await pauses.list();
    expect(kept).toMatchObject({ queue: PAUSED, pausedBy: 'dana.ops', reason: 'OMS maintenance' });
    expect(paused).toEqual({
      queue: PAUSED,
      paused: { by: 'dana.ops', reason: 'OMS maintenance', since: kept.pausedAt.toISOString() },
    });

    await send(PAUSED, 'po_waits');
    // The other queue's worker polls on meanwhile: the paused queue's had every chance to fetch.
    await twoPollsOfTheRunningQueue('po_pause');
    expect(worked[PAUSED]).toEqual([]);
    // Never fetched (a worker still polling would have handed it back as a new job): its one attempt still ahead.
    expect(await jobState(PAUSED, 'po_waits')).toEqual([{ state: 'created', attempts: 1 }]);

    const resumed = await resume.execute({ queue: PAUSED });
    expect(resumed).toEqual({
      queue: PAUSED,
      paused: null,
      resumed: { by: 'dana.ops', reason: 'OMS maintenance', since: kept.pausedAt.toISOString() },
    });
    expect(await pauses.list()).toEqual([]);
    await eventually('the waiting job worked', () => worked[PAUSED].includes('po_waits'));
    await eventually(
      'the waiting job completed',
      async () => (await jobState(PAUSED, 'po_waits'))[0]?.state === 'completed',
    );
    expect(worked[PAUSED]).toEqual(['po_waits']);
  });

  it('answers the pause in force when the queue is paused again, and resumes it once', async () => {
    const first = await pause.execute({ queue: PAUSED, actor: 'dana.ops', reason: 'stock count' });
    const again = await pause.execute({ queue: PAUSED, actor: 'lee.ops', reason: 'another reason' });

    expect(again).toEqual(first);
    expect(first.paused).toMatchObject({ by: 'dana.ops', reason: 'stock count' });
    expect(await pauses.list()).toEqual([expect.objectContaining({ queue: PAUSED, pausedBy: 'dana.ops' })]);

    // Still paused after the second call: nothing of the queue runs.
    await send(PAUSED, 'po_twice');
    await twoPollsOfTheRunningQueue('po_twice');
    expect(await jobState(PAUSED, 'po_twice')).toEqual([{ state: 'created', attempts: 1 }]);

    expect((await resume.execute({ queue: PAUSED })).resumed).toEqual(first.paused);
    await eventually('the waiting job worked', () => worked[PAUSED].includes('po_twice'));
    // Resuming a queue that runs changes nothing and says so.
    expect(await resume.execute({ queue: PAUSED })).toEqual({ queue: PAUSED, paused: null, resumed: null });
  });

  it('refuses a queue no registered workflow has, as a missing resource naming the queues, and records nothing', async () => {
    for (const refused of [
      await refusalOf(pause.execute({ queue: 'pickup-order.teleport', actor: 'dana.ops', reason: 'x' })),
      await refusalOf(resume.execute({ queue: 'pickup-order.teleport' })),
    ]) {
      expect(refused).toBeInstanceOf(UnknownQueue);
      expect(refused).toMatchObject({ type: 'unknown-queue', kind: 'not-found' });
      expect((refused as UnknownQueue).extensions.queues).toEqual(
        expect.arrayContaining(['erp-postings', PAUSED, RUNNING]),
      );
    }
    expect(await pauses.list()).toEqual([]);
  });
});
