import { IdempotentResources } from '@omnigate/idempotency';
import { FakeLoyaltyApi, FakePosApi } from '@omnigate/system-clients/testing';
import { sharedInstanceTables } from '@omnigate/workflow';
import { PointsHolds } from '../points-holds/points-holds';
import {
  openProcessOrdersFixture,
  processOrdersConfig,
  type ProcessOrdersFixture,
} from '../process-orders.fixture';
import type { ProcessOrdersConfig } from '../process-orders.config';
import { AuthorizeTillRedemption } from './authorize-till-redemption.usecase';
import { CaptureTillRedemption } from './capture-till-redemption.usecase';
import { ExpireTillRedemption } from './expire-till-redemption.usecase';
import { RecoverInterruptedAuthorization } from './recover-interrupted-authorization.usecase';
import { ReleaseTillRedemptionPoints } from './release-till-redemption-points.usecase';
import { SettleTillRedemption } from './settle-till-redemption';
import type { TillRedemption } from './till-redemption';
import { TillRedemptionExpiry } from './till-redemption-expiry';
import { TillRedemptionViews } from './till-redemption.view';
import { TILL_REDEMPTION_WORKFLOW, type TillRedemptions } from './till-redemption.workflow';
import { TillRedemptionNotFound } from './till-redemptions.errors';
import { VoidTillRedemption } from './void-till-redemption.usecase';

export const TILL_STORE = 'ST-6930';
export const TILL_MEMBER = '6042685219730';

/**
 * Till redemptions for unit specs: the workflow on an in-memory engine, its use cases, and the
 * loyalty platform and POS back office as fakes. Store ST-6930 has register R1; the member has 1,000 points.
 */
export interface TillRedemptionsFixture extends ProcessOrdersFixture {
  redemptions: TillRedemptions;
  loyalty: FakeLoyaltyApi;
  pos: FakePosApi;
  authorize: AuthorizeTillRedemption;
  capture: CaptureTillRedemption;
  void: VoidTillRedemption;
  expire: ExpireTillRedemption;
  releasePoints: ReleaseTillRedemptionPoints;
  recoverAuthorization: RecoverInterruptedAuthorization;
  /** The steps of a redemption's timeline, in order. */
  stepsOf(redemptionId: string): Promise<string[]>;
  /** How many jobs of `job` are queued for the redemption. */
  jobsOf(redemptionId: string, job: keyof typeof TILL_REDEMPTION_WORKFLOW.jobs): Promise<number>;
  /** A redemption written straight into AUTHORIZING, as an interrupted authorization leaves it. */
  seedAuthorizing(id: string, points: number): Promise<TillRedemption>;
}

export async function openTillRedemptionsFixture(
  overrides: Partial<ProcessOrdersConfig> = {},
): Promise<TillRedemptionsFixture> {
  const config = processOrdersConfig(overrides);
  const base = await openProcessOrdersFixture([TILL_REDEMPTION_WORKFLOW], config);
  const { db, engine, clock, ledger } = base;
  const redemptions = engine.register(
    TILL_REDEMPTION_WORKFLOW,
    sharedInstanceTables<TillRedemption['state'], TillRedemption['facts']>(TILL_REDEMPTION_WORKFLOW.name),
    {
      timeoutsS: {
        holdExpiry: config.TILL_REDEMPTION_HOLD_S,
        authorizationRecovery: config.PLACEMENT_RECOVERY_S,
      },
      notFound: () => new TillRedemptionNotFound(),
      idOf: (redemption) => redemption.id,
    },
  );
  const loyalty = new FakeLoyaltyApi().member(TILL_MEMBER, 1_000);
  const pos = new FakePosApi().openStore(TILL_STORE);
  const pointsHolds = new PointsHolds(loyalty.asApi());
  const views = new TillRedemptionViews(redemptions, ledger, new IdempotentResources());
  const expiry = new TillRedemptionExpiry(redemptions, clock);
  const settle = new SettleTillRedemption(db, redemptions, expiry, views);
  return {
    ...base,
    redemptions,
    loyalty,
    pos,
    authorize: new AuthorizeTillRedemption(db, redemptions, views, pointsHolds, pos.asApi(), clock, config),
    capture: new CaptureTillRedemption(settle, clock),
    void: new VoidTillRedemption(settle),
    expire: new ExpireTillRedemption(db, redemptions, expiry),
    releasePoints: new ReleaseTillRedemptionPoints(db, redemptions, pointsHolds, clock),
    recoverAuthorization: new RecoverInterruptedAuthorization(db, redemptions, pointsHolds),
    stepsOf: async (id) => (await redemptions.timeline(id)).map((e) => e.step),
    jobsOf: (id, job) => base.queued(TILL_REDEMPTION_WORKFLOW.jobs[job].queue, { redemptionId: id }),
    seedAuthorizing: async (id, points) => {
      const redemption: TillRedemption = {
        id,
        state: 'AUTHORIZING',
        keys: { storeId: TILL_STORE, memberId: TILL_MEMBER },
        facts: { points, valueMinor: points, currency: 'EUR' },
        createdAt: clock.now().toISOString(),
        version: 1,
      };
      await db.transaction((tx) => redemptions.store.insert(tx, redemption));
      return redemption;
    },
  };
}
