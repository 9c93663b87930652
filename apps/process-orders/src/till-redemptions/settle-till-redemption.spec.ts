import { ErpPostingGovernor, PostingLedger, postingLedgerMigrations } from '@omnigate/erp-postings';
import { type Database, JobQueue, migrate, openDatabase, startJobQueue } from '@omnigate/persistence';
import {
  IllegalTransition,
  MoveNotAllowed,
  sharedInstanceMigrations,
  sharedInstanceTables,
  WorkflowEngine,
  type Clock,
  type RequestContext,
} from '@omnigate/workflow';
import { SettleTillRedemption } from './settle-till-redemption';
import type { TillRedemption } from './till-redemption';
import { TillRedemptionExpiry } from './till-redemption-expiry';
import type { TillRedemptionViews } from './till-redemption.view';
import { TILL_REDEMPTION_WORKFLOW, type TillRedemptions } from './till-redemption.workflow';
import { TillRedemptionNotFound } from './till-redemptions.errors';

/** A clock the spec moves past a hold's expiry. */
class MovableClock implements Clock {
  at = new Date('2026-11-30T10:00:00Z');
  now(): Date {
    return this.at;
  }
}

describe('capturing and voiding a till redemption', () => {
  let db: Database;
  let jobs: JobQueue;
  let redemptions: TillRedemptions;
  let settle: SettleTillRedemption;
  const clock = new MovableClock();
  const atStore = (storeId: string): RequestContext => ({
    correlationId: 'corr-1',
    caller: { kind: 'internal', clientAppId: 'pos', storeId },
  });

  beforeAll(async () => {
    db = await openDatabase({});
    await migrate(db, [...postingLedgerMigrations, ...sharedInstanceMigrations]);
    jobs = new JobQueue(await startJobQueue(db, { schema: 'jobs' }));
    for (const { queue } of Object.values(TILL_REDEMPTION_WORKFLOW.jobs)) await jobs.createQueue(queue);
    await jobs.createQueue('erp-postings');
    const ledger = new PostingLedger(db, jobs);
    const governor = new ErpPostingGovernor(
      db,
      jobs,
      ledger,
      { post: () => Promise.reject(new Error('not in this spec')) },
      {
        maxConcurrency: 1,
        maxRatePerS: 1,
        retryBudgetH: 1,
        maxRetryDelayS: 1,
        attemptTimeoutS: 5,
      },
    );
    const engine = new WorkflowEngine(db, jobs, ledger, governor, clock, {
      retryLimit: 0,
      maxRetryDelayS: 1,
      attemptTimeoutS: 5,
    });
    redemptions = engine.register(
      TILL_REDEMPTION_WORKFLOW,
      sharedInstanceTables<TillRedemption['state'], TillRedemption['facts']>('till-redemption'),
      {
        timeoutsS: { holdExpiry: 900, authorizationRecovery: 60 },
        notFound: () => new TillRedemptionNotFound(),
        idOf: (redemption) => redemption.id,
      },
    );
    const views = { of: async (redemption: TillRedemption) => redemption } as unknown as TillRedemptionViews;
    settle = new SettleTillRedemption(db, redemptions, new TillRedemptionExpiry(redemptions, clock), views);
  });
  afterAll(async () => {
    await jobs.stop();
    await db.close();
  });

  /** An AUTHORIZED hold at `storeId` that expires a minute from the spec's now. */
  async function authorized(id: string, storeId: string): Promise<void> {
    const redemption: TillRedemption = {
      id,
      state: 'AUTHORIZING',
      keys: { storeId, memberId: '6042685219730' },
      facts: { points: 100, valueMinor: 100, currency: 'USD' },
      createdAt: clock.now().toISOString(),
      version: 1,
    };
    await db.transaction(async (tx) => {
      await redemptions.create(tx, atStore(storeId), redemption);
      const locked = await redemptions.lock(tx, id);
      await redemptions.move(tx, atStore(storeId), locked, 'authorize', {
        facts: {
          loyaltyRedemptionId: 'RD1',
          expiresAt: new Date(clock.now().getTime() + 60_000).toISOString(),
        },
      });
    });
  }
  const stepsOf = async (id: string) => (await redemptions.timeline(id)).map((e) => e.step);
  const refusalOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );

  it('captures a hold in time, and refuses a second capture with the current state', async () => {
    await authorized('rdm_intime0001', 'ST-1');
    const captured = await settle.execute(
      atStore('ST-1'),
      { redemptionId: 'rdm_intime0001', storeId: 'ST-1' },
      'capture',
    );
    expect(captured.state).toBe('CAPTURED');
    const again = await refusalOf(
      settle.execute(atStore('ST-1'), { redemptionId: 'rdm_intime0001', storeId: 'ST-1' }, 'capture'),
    );
    expect(again).toBeInstanceOf(IllegalTransition);
    expect((again as IllegalTransition).extensions).toEqual({
      currentState: 'CAPTURED',
      requestedState: 'CAPTURED',
    });
  });

  it.each(['capture', 'void'] as const)(
    'ends a hold past its expiry whose job has not run yet, and refuses to %s it',
    async (move) => {
      const id = `rdm_late_${move}00`;
      await authorized(id, 'ST-1');
      clock.at = new Date(clock.at.getTime() + 61_000);
      const refused = await refusalOf(
        settle.execute(atStore('ST-1'), { redemptionId: id, storeId: 'ST-1' }, move),
      );
      expect(refused).toBeInstanceOf(IllegalTransition);
      expect((refused as IllegalTransition).extensions).toMatchObject({ currentState: 'EXPIRED' });
      expect((await redemptions.get(id)).state).toBe('EXPIRED');
      expect(await stepsOf(id)).toEqual(['authorization-started', 'points-held', 'expired']);
    },
  );

  it("refuses another store's capture, even past the expiry, and changes nothing", async () => {
    await authorized('rdm_otherstore01', 'ST-1');
    for (const at of [clock.at, new Date(clock.at.getTime() + 61_000)]) {
      clock.at = at;
      const refused = await refusalOf(
        settle.execute(atStore('ST-2'), { redemptionId: 'rdm_otherstore01', storeId: 'ST-2' }, 'capture'),
      );
      expect(refused).toBeInstanceOf(MoveNotAllowed);
      expect((refused as MoveNotAllowed).type).toBe('till-redemption-of-another-store');
    }
    expect((await redemptions.get('rdm_otherstore01')).state).toBe('AUTHORIZED');
    expect(await stepsOf('rdm_otherstore01')).toEqual(['authorization-started', 'points-held']);
  });
});
